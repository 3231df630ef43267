import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { DEFAULT_METHOD_IDS, createDefaultMethods } from './default-methods.js';
import { ENCODER_METHOD_NAME } from './method-names.js';
import { isUnavailable } from './evaluate.js';

describe('createDefaultMethods', () => {
  it('reports the encoder as not available when the package ships no weights', async () => {
    const methods = await createDefaultMethods({ include: ['geometry', 'encoder'] });
    try {
      expect(methods.map((m) => m.name)).toEqual(['face mesh geometry', ENCODER_METHOD_NAME]);
      expect(isUnavailable(methods[0])).toBe(false);
      // No trained weights ship with the package yet; once they do, the encoder runs instead.
      const encoder = methods[1];
      if (isUnavailable(encoder)) {
        expect(encoder.unavailable).toBe('not available (no trained weights)');
      } else {
        expect(encoder.distance).toBe('euclidean');
      }
    } finally {
      methods.forEach((m) => !isUnavailable(m) && m.dispose());
    }
  });

  it('fails loudly when an explicit model cannot be loaded', async () => {
    await expect(
      createDefaultMethods({ include: ['encoder'], model: '/nowhere/model.json' }),
    ).rejects.toSatisfy(
      (e: unknown) => e instanceof FreeAvatarError && e.code === 'MODEL_LOAD_FAILED',
    );
  });

  it('rejects unknown method ids, naming the known ones', async () => {
    await expect(createDefaultMethods({ include: ['landmarks' as never] })).rejects.toThrow(
      `unknown method 'landmarks'; expected one of ${DEFAULT_METHOD_IDS.join(', ')}`,
    );
  });
});
