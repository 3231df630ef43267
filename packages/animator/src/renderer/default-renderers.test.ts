import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { defaultRendererUrl, resolveRendererSource } from './default-renderers.js';

describe('defaultRendererUrl / resolveRendererSource', () => {
  it('points each avatar at weights/renderers/<avatar>/model.json in the package', () => {
    for (const avatar of ['human', 'toon', 'robot'] as const) {
      expect(defaultRendererUrl(avatar).href).toMatch(
        new RegExp(`/animator/weights/renderers/${avatar}/model\\.json$`),
      );
    }
    expect(() => defaultRendererUrl('cat' as 'robot')).toThrow(FreeAvatarError);
    expect(() => defaultRendererUrl('cat' as 'robot')).toThrow(
      'unknown avatar "cat"; expected one of human, toon, robot',
    );
  });

  it('resolves default:<avatar> to the shipped file and passes other sources through', async () => {
    const path = await resolveRendererSource('default:robot');
    expect(path).toMatch(/weights\/renderers\/robot\/model\.json$/);
    expect(await resolveRendererSource('runs/x/model.json')).toBe('runs/x/model.json');
    const url = new URL('https://example.org/model.json');
    expect(await resolveRendererSource(url)).toBe(url);
    const handler: tf.io.IOHandler = { load: async () => ({}) };
    expect(await resolveRendererSource(handler)).toBe(handler);
    await expect(resolveRendererSource('default:cat' as 'default:robot')).rejects.toThrow(
      /unknown avatar "cat"/,
    );
  });
});
