import { assertArgument, type RgbImage } from '@freeavatar/core';
import {
  alignmentLandmarks,
  alignmentTemplate,
  fitSimilarity,
  invertAffine,
  warpRgbImage,
  type FaceAlignment,
} from '@freeavatar/face-crop';
import { createFaceRenderer } from './face-renderer.js';
import type { FaceRenderer, FaceRendererOptions } from './types.js';

/**
 * Cuts face-crop's aligned `cropSize²` crop out of an image from 468 known landmarks (x y pairs
 * in face-crop's numbering, e.g. a synth render's `landmarks2d`): the similarity that puts the
 * alignment's landmarks (eye and mouth corners by default; see `FaceAlignment` in
 * `@freeavatar/face-crop`) on face-crop's template, sampled bilinearly (edges clamped). No
 * detector runs, so a face under an occluder is cropped where it is.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for fewer than 468 landmarks, a bad crop size or
 *   an unknown alignment.
 * @example
 * ```ts
 * import { alignedFaceCrop, createFaceRenderer, type FaceScene } from '@freeavatar/synth';
 * declare const scene: FaceScene;
 * const { image, landmarks2d } = createFaceRenderer({ size: 96 }).render(scene);
 * const crop = alignedFaceCrop(image, landmarks2d, 64);
 * const steady = alignedFaceCrop(image, landmarks2d, 64, 'eyes-nose');
 * ```
 */
export function alignedFaceCrop(
  image: RgbImage,
  landmarks2d: Float32Array,
  cropSize: number,
  alignment: FaceAlignment = 'eyes-mouth',
): RgbImage {
  assertArgument(
    landmarks2d instanceof Float32Array && landmarks2d.length >= 468 * 2,
    `landmarks2d must hold 468 x y pairs (936 values), got ${landmarks2d?.length}`,
  );
  assertArgument(
    Number.isInteger(cropSize) && cropSize >= 1 && cropSize <= 4096,
    `cropSize must be an integer in 1..4096, got ${cropSize}`,
  );
  const from = alignmentLandmarks(alignment).map((i) => [
    landmarks2d[2 * i],
    landmarks2d[2 * i + 1],
  ]);
  const cropToImage = invertAffine(fitSimilarity(from, alignmentTemplate(cropSize, alignment)));
  return warpRgbImage(image, cropToImage, cropSize, cropSize);
}

/**
 * A face renderer whose images are face-crop's aligned crops, so synthetic training images look
 * like what an encoder sees at inference: it renders at 1.5× `size` (the synth camera frames the
 * face at 45–65% of the height, the crop at 84%, so the crop samples the render at about its own
 * resolution) and cuts the `size²` crop with {@link alignedFaceCrop}, aligned by
 * `options.alignment` (default `'eyes-mouth'`). Labels and scenes are unchanged; `landmarks2d`
 * stay in render pixels.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a size whose 1.5× is outside 16..1024, a bad
 *   supersample factor or an unknown alignment.
 * @example
 * ```ts
 * import { createAlignedFaceRenderer, faceBatches } from '@freeavatar/synth';
 * const renderer = createAlignedFaceRenderer({ size: 64 });
 * const batches = faceBatches({ batchSize: 32, size: 64, split: 'train', seed: 1, renderer });
 * ```
 */
export function createAlignedFaceRenderer(
  options: FaceRendererOptions & { readonly alignment?: FaceAlignment },
): FaceRenderer {
  assertArgument(
    options !== null && typeof options === 'object' && Number.isInteger(options.size),
    `aligned face renderer options need an integer size, got ${String(options?.size)}`,
  );
  const { size, alignment = 'eyes-mouth', ...rest } = options;
  alignmentLandmarks(alignment);
  const inner = createFaceRenderer({ ...rest, size: Math.ceil(size * 1.5) });
  return {
    size,
    supersample: inner.supersample,
    render(scene) {
      const result = inner.render(scene);
      return {
        ...result,
        image: alignedFaceCrop(result.image, result.landmarks2d, size, alignment),
      };
    },
  };
}
