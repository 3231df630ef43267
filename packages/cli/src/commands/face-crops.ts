import {
  assertArgument,
  assertArray,
  assertObject,
  assertRgbImage,
  describeValue,
  readImageFile,
  type RgbImage,
} from '@freeavatar/core';
import type { FaceBox } from '@freeavatar/face-crop';
import { readVideoFrames } from '../video/ffmpeg.js';
import type { EmbeddedFaceMetadata } from './embed.js';

/**
 * Cuts a square around a face box (its longer side plus `margin` on each side), padding with
 * grey where it leaves the image.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed `image` or `box`, or a `margin`
 *   that is not a number.
 * @example
 * ```ts
 * import { readImageFile } from '@freeavatar/core';
 * const face = cutSquare(await readImageFile('photo.png'), { x: 40, y: 30, width: 80, height: 96 });
 * ```
 */
export function cutSquare(image: RgbImage, box: FaceBox, margin = 0.15): RgbImage {
  assertObject(image, 'image');
  assertRgbImage(image);
  assertArgument(
    isFaceBox(box),
    `box must be an object with numeric x, y, width and height, got ${describeValue(box)}`,
  );
  assertArgument(Number.isFinite(margin), `margin must be a number, got ${describeValue(margin)}`);
  const side = Math.max(1, Math.round(Math.max(box.width, box.height) * (1 + 2 * margin)));
  const x0 = Math.round(box.x + box.width / 2 - side / 2);
  const y0 = Math.round(box.y + box.height / 2 - side / 2);
  const data = new Uint8Array(side * side * 3).fill(96);
  for (let y = 0; y < side; y++) {
    const sy = y0 + y;
    if (sy < 0 || sy >= image.height) continue;
    for (let x = 0; x < side; x++) {
      const sx = x0 + x;
      if (sx < 0 || sx >= image.width) continue;
      const from = (sy * image.width + sx) * 3;
      data.set(image.data.subarray(from, from + 3), (y * side + x) * 3);
    }
  }
  return { width: side, height: side, data };
}

/** Whether `value` is a face box: an object with numeric `x`, `y`, `width` and `height`. */
export function isFaceBox(value: unknown): value is FaceBox {
  const box = value as Record<string, unknown> | null;
  return (
    typeof box === 'object' &&
    box !== null &&
    ['x', 'y', 'width', 'height'].every((k) => typeof box[k] === 'number')
  );
}

function isFaceMetadata(value: unknown): value is EmbeddedFaceMetadata {
  const m = value as EmbeddedFaceMetadata | undefined;
  return typeof m === 'object' && m !== null && typeof m.source === 'string' && isFaceBox(m.box);
}

/**
 * Reads the face crop of each index item from its metadata ({@link EmbeddedFaceMetadata}): the
 * saved crop when there is one, else the box cut from the source image, else the box cut from
 * the video frame (decoding each video once, up to the last frame needed, at the `fps` it was
 * embedded with). Items whose crop cannot be read (no metadata, moved files) give `undefined`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `items` is not an array.
 * @example
 * ```ts
 * const { hits } = await runSearch({ index: 'out/frames.faidx', query: 'smile.jpg', k: 8 });
 * const crops = await readFaceCrops(hits.map((h) => h.metadata));
 * ```
 */
export async function readFaceCrops(items: readonly unknown[]): Promise<(RgbImage | undefined)[]> {
  assertArray(items, 'items');
  const crops: (RgbImage | undefined)[] = items.map(() => undefined);
  const images = new Map<string, Promise<RgbImage | undefined>>();
  const videos = new Map<string, { fps?: number; wanted: Map<number, number[]> }>();
  for (const [i, item] of items.entries()) {
    if (!isFaceMetadata(item)) continue;
    if (typeof item.crop === 'string') {
      crops[i] = await readImageFile(item.crop).catch(() => undefined);
      if (crops[i] !== undefined) continue;
    }
    if (item.kind === 'video' && typeof item.frame === 'number') {
      const key = `${item.source}\u0000${item.fps ?? ''}`;
      const video = videos.get(key) ?? { fps: item.fps, wanted: new Map<number, number[]>() };
      videos.set(key, video);
      video.wanted.set(item.frame, [...(video.wanted.get(item.frame) ?? []), i]);
      continue;
    }
    if (!images.has(item.source)) {
      images.set(
        item.source,
        readImageFile(item.source).catch(() => undefined),
      );
    }
    const image = await images.get(item.source);
    if (image !== undefined) crops[i] = cutSquare(image, item.box);
  }
  for (const [key, video] of videos) {
    const source = key.slice(0, key.indexOf('\u0000'));
    const last = Math.max(...video.wanted.keys());
    try {
      for await (const frame of readVideoFrames(source, { fps: video.fps })) {
        for (const i of video.wanted.get(frame.index) ?? []) {
          crops[i] = cutSquare(frame.image, (items[i] as EmbeddedFaceMetadata).box);
        }
        if (frame.index >= last) break;
      }
    } catch {
      // A video that moved or no longer decodes leaves its cells empty.
    }
  }
  return crops;
}
