import { assertArgument, type RgbImage } from '@freeavatar/core';
import { createAvatarRenderer, getAvatar, type AvatarId } from '@freeavatar/synth';

/**
 * A rectangle of an image in pixels.
 *
 * @example
 * ```ts
 * const box: CropBox = { top: 10, left: 12, height: 14, width: 40 };
 * ```
 */
export interface CropBox {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Where an avatar's eyes and mouth are in its renders of one size.
 *
 * @example
 * ```ts
 * const { eyes, mouth }: CropBoxes = avatarCropBoxes('robot', 64);
 * ```
 */
export interface CropBoxes {
  readonly eyes: CropBox;
  readonly mouth: CropBox;
}

const EYE_CONTROL = /blink|wink|eye|look/i;
const MOUTH_CONTROL = /mouth|jaw|smile|smirk|frown|pucker|lip|^ooh$|^ee$/i;

/** Pixels whose colour changes by more than this (sum over RGB, 0–765) count as moved. */
const CHANGE_THRESHOLD = 24;

function changedBox(base: RgbImage, images: RgbImage[], pad: number): CropBox | undefined {
  const { width, height } = base;
  let top = height;
  let left = width;
  let bottom = -1;
  let right = -1;
  for (const image of images) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const d =
          Math.abs(image.data[i] - base.data[i]) +
          Math.abs(image.data[i + 1] - base.data[i + 1]) +
          Math.abs(image.data[i + 2] - base.data[i + 2]);
        if (d <= CHANGE_THRESHOLD) continue;
        top = Math.min(top, y);
        left = Math.min(left, x);
        bottom = Math.max(bottom, y);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return undefined;
  top = Math.max(0, top - pad);
  left = Math.max(0, left - pad);
  bottom = Math.min(height - 1, bottom + pad);
  right = Math.min(width - 1, right + pad);
  return { top, left, height: bottom - top + 1, width: right - left + 1 };
}

/**
 * Finds an avatar's eye and mouth boxes in its `size`-pixel renders from the avatar renderer
 * itself: each eye control (blink, wink, eye…, look…) and each mouth control (mouth…, jaw…,
 * smile, frown, …) is rendered at full strength against the neutral face, and the box holds
 * every pixel that changed, padded by 1/32 of the size. A region no control moves falls back to
 * a band of the image (eyes: the upper middle, mouth: the lower middle).
 *
 * @throws FreeAvatarError for an unknown avatar or a size out of 8..2048.
 * @example
 * ```ts
 * import { avatarCropBoxes } from '@freeavatar/animator';
 * const { eyes, mouth } = avatarCropBoxes('toon', 64);
 * console.log(eyes, mouth);
 * ```
 */
export function avatarCropBoxes(avatarId: AvatarId, size: number): CropBoxes {
  const avatar = getAvatar(avatarId);
  assertArgument(
    Number.isInteger(size) && size >= 8 && size <= 2048,
    `size must be an integer in 8..2048, got ${size}`,
  );
  const renderer = createAvatarRenderer({ size, supersample: 1 });
  const rigSize = avatar.rig.length;
  const base = renderer.render(avatar, new Float32Array(rigSize));
  const rendersOf = (pattern: RegExp): RgbImage[] =>
    avatar.rig.flatMap((control, i) => {
      if (!pattern.test(control.name)) return [];
      const rig = new Float32Array(rigSize);
      rig[i] = 1;
      return [renderer.render(avatar, rig)];
    });
  const pad = Math.max(1, Math.round(size / 32));
  const band = (top: number, bottom: number): CropBox => ({
    top: Math.round(top * size),
    left: Math.round(0.2 * size),
    height: Math.round((bottom - top) * size),
    width: Math.round(0.6 * size),
  });
  return {
    eyes: changedBox(base, rendersOf(EYE_CONTROL), pad) ?? band(0.25, 0.5),
    mouth: changedBox(base, rendersOf(MOUTH_CONTROL), pad) ?? band(0.6, 0.85),
  };
}

/**
 * Checks that a box lies inside a `size`×`size` image and has at least one pixel.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the box.
 * @example
 * ```ts
 * assertCropBox({ top: 0, left: 0, height: 8, width: 8 }, 64, 'eyes');
 * ```
 */
export function assertCropBox(box: CropBox, size: number, what: string): void {
  const ok =
    box !== null &&
    typeof box === 'object' &&
    [box.top, box.left, box.height, box.width].every((v) => Number.isInteger(v)) &&
    box.top >= 0 &&
    box.left >= 0 &&
    box.height >= 1 &&
    box.width >= 1 &&
    box.top + box.height <= size &&
    box.left + box.width <= size;
  assertArgument(
    ok,
    `${what} box must be whole pixels inside a ${size}×${size} image, got ${JSON.stringify(box)}`,
  );
}
