import type { RgbImage } from '@freeavatar/core';
import {
  ALIGNMENT_LANDMARKS,
  alignmentTemplate,
  fitSimilarity,
  invertAffine,
} from '@freeavatar/face-crop';
import { createFaceRenderer, type FaceRenderer } from '@freeavatar/synth';

/**
 * Cuts face-crop's aligned `cropSize²` crop out of a render, from the render's own landmarks
 * (468 x y pairs in face-crop's numbering): the similarity that puts the eye and mouth corners
 * on face-crop's template, sampled bilinearly (edges clamped).
 *
 * @example
 * ```ts
 * const { image, landmarks2d } = createFaceRenderer({ size: 96 }).render(scene);
 * const crop = alignedSynthCrop(image, landmarks2d, 64);
 * ```
 */
export function alignedSynthCrop(
  image: RgbImage,
  landmarks2d: Float32Array,
  cropSize: number,
): RgbImage {
  const from = ALIGNMENT_LANDMARKS.map((i) => [landmarks2d[2 * i], landmarks2d[2 * i + 1]]);
  const [[a, b, c], [d, e, f]] = invertAffine(fitSimilarity(from, alignmentTemplate(cropSize)));
  const { width, height, data: src } = image;
  const data = new Uint8Array(cropSize * cropSize * 3);
  for (let y = 0; y < cropSize; y++) {
    for (let x = 0; x < cropSize; x++) {
      const sx = Math.min(Math.max(a * (x + 0.5) + b * (y + 0.5) + c - 0.5, 0), width - 1);
      const sy = Math.min(Math.max(d * (x + 0.5) + e * (y + 0.5) + f - 0.5, 0), height - 1);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const top =
          src[(y0 * width + x0) * 3 + ch] * (1 - fx) + src[(y0 * width + x1) * 3 + ch] * fx;
        const bottom =
          src[(y1 * width + x0) * 3 + ch] * (1 - fx) + src[(y1 * width + x1) * 3 + ch] * fx;
        data[(y * cropSize + x) * 3 + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width: cropSize, height: cropSize, data };
}

/**
 * A face renderer whose images are face-crop's aligned crops: it renders at 1.5× `size` (the
 * synth camera frames the face at 45–65% of the height, the crop at 84%, so the crop samples
 * the render at about its own resolution) and cuts the `size²` aligned crop, so synth training
 * images look like what the encoder sees at inference. Labels and scenes are unchanged;
 * `landmarks2d` stay in render pixels.
 *
 * @example
 * ```ts
 * const batches = faceBatches({ batchSize: 32, size: 64, split: 'train', seed: 1, renderer: alignedSynthRenderer(64) });
 * ```
 */
export function alignedSynthRenderer(size: number): FaceRenderer {
  const inner = createFaceRenderer({ size: Math.ceil(size * 1.5) });
  return {
    size,
    supersample: inner.supersample,
    render(scene) {
      const result = inner.render(scene);
      return { ...result, image: alignedSynthCrop(result.image, result.landmarks2d, size) };
    },
  };
}
