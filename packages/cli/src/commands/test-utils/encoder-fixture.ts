import { join } from 'node:path';
import type { RgbImage } from '@freeavatar/core';
import {
  ExpressionModel,
  saveExpressionModel,
  VIT_PRESETS,
  type VitConfig,
} from '@freeavatar/expression-encoder';

/** A small encoder configuration: random weights of this size embed a face in milliseconds. */
export const TEST_ENCODER: Partial<VitConfig> = VIT_PRESETS.micro;

/** Writes a randomly initialised expression model to `dir/model.json` and returns its path. */
export async function saveRandomModel(
  dir: string,
  config: Partial<VitConfig> = TEST_ENCODER,
  seed = 1,
): Promise<string> {
  const model = ExpressionModel.create(config, seed);
  try {
    const path = join(dir, 'model.json');
    await saveExpressionModel(model, path, { note: 'random weights for tests' });
    return path;
  } finally {
    model.dispose();
  }
}

/** The face-crop test photo (one face) and the expression-encoder's cut of it. */
export const ASTRONAUT = new URL('../../../../face-crop/fixtures/astronaut.png', import.meta.url)
  .pathname;
export const ASTRONAUT_FACE = new URL(
  '../../../../expression-encoder/fixtures/astronaut-face.png',
  import.meta.url,
).pathname;

/** A flat grey image: no face. */
export function greyImage(size = 64): RgbImage {
  return { width: size, height: size, data: new Uint8Array(size * size * 3).fill(128) };
}

/** A 320-px square window of `image` starting `80 + dx` pixels from the left (a moving face). */
export function shifted(image: RgbImage, dx: number, size = 320): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, x + 80 + dx));
      const sy = Math.min(image.height - 1, y);
      const from = (sy * image.width + sx) * 3;
      data.set(image.data.subarray(from, from + 3), (y * size + x) * 3);
    }
  }
  return { width: size, height: size, data };
}
