import * as tf from '@tensorflow/tfjs';
import {
  assertRgbImage,
  readImageFile,
  toImageTensor,
  type ImageInput,
  type RgbImage,
} from '@freeavatar/core';

function looksLikeRgbImage(input: unknown): input is RgbImage {
  if (input === null || typeof input !== 'object' || input instanceof tf.Tensor) return false;
  const o = input as Partial<RgbImage>;
  return o.data instanceof Uint8Array && !('colorSpace' in o);
}

/**
 * Any {@link ImageInput} as an {@link RgbImage} (plain pixels the crops are cut from). An
 * `RgbImage` passes through unchanged; files are decoded; tensors and browser pixels are read
 * back.
 */
export async function toRgbImage(input: ImageInput): Promise<RgbImage> {
  if (typeof input === 'string') return readImageFile(input);
  if (looksLikeRgbImage(input)) {
    assertRgbImage(input);
    return input;
  }
  const tensor = await toImageTensor(input);
  try {
    const [height, width] = tensor.shape;
    const values = await tensor.data();
    return { width, height, data: Uint8Array.from(values) };
  } finally {
    tensor.dispose();
  }
}
