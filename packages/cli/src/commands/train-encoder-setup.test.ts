import { describe, expect, it } from 'vitest';
import { encoderRunSetup } from './train-encoder-setup.js';

const quiet = (): void => {};

describe('encoderRunSetup', () => {
  it('applies the model flags to the preset, and reads --augment', async () => {
    const { config, augment, grow } = await encoderRunSetup(
      { stage: 'expression', out: 'unused', synth: true, positionalPool: 8, augment: true },
      quiet,
    );
    expect(config.imageSize).toBe(64);
    expect(config.positionalPool).toBe(8);
    expect(augment).toEqual({});
    expect(grow).toBeUndefined();
  });

  it('names the flag that does not fit the stage', async () => {
    const cases = [
      [{ stage: 'mae', eyeBranch: 8 }, /--eye-branch is used by --stage expression only/],
      [{ stage: 'expression', eyeReader: 64 }, /--eye-reader is used by --stage eye-reader only/],
      [{ stage: 'mae', augment: true }, /--augment is used by --stage expression/],
      [{ stage: 'expression', depth: 6 }, /--depth and --mlp-ratio grow a trained encoder/],
    ] as const;
    for (const [flags, message] of cases) {
      await expect(encoderRunSetup({ out: 'unused', data: 'x', ...flags }, quiet)).rejects.toThrow(
        message,
      );
    }
  });
});
