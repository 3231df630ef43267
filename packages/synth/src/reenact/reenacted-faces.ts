import { assertArgument } from '@freeavatar/core';
import type { TripletFaceDrawer } from '../datasets/write-triplet-dataset.js';
import type { PixelRect } from '../raster/occluders.js';
import { cropWindow, faceWindow, landmarkBounds, type FaceWindow } from './clip.js';
import type { PreparedPhoto, Reenactor } from './reenactor.js';

/**
 * A photo that {@link reenactedFaceDrawer} can draw from: the prepared photo and a name for
 * the dataset's records.
 *
 * @example
 * ```ts
 * declare const reenactor: Reenactor;
 * const photo: NamedPhoto = { name: 'astronaut.png', prepared: await reenactor.prepare('astronaut.png') };
 * ```
 */
export interface NamedPhoto {
  readonly name: string;
  readonly prepared: PreparedPhoto;
}

function landmarkBox(landmarks: Float32Array, window: FaceWindow, size: number): PixelRect {
  const [x0, y0, x1, y1] = landmarkBounds(landmarks);
  const k = size / window.size;
  return {
    x: (x0 - window.x) * k,
    y: (y0 - window.y) * k,
    width: (x1 - x0) * k,
    height: (y1 - y0) * k,
  };
}

/**
 * Draws triplet faces as real photos performing each scene's expression: the scene's identity
 * picks one of `photos` (the same identity always gets the same photo), the reenactor moves
 * that face to `scene.expression`, and the square window around the photo's face is cut out at
 * `size` × `size`. Pose, light, background and occluders of the scene are not used. Pass it as
 * `drawFace` to `writeTripletDataset` to make reenacted-photo triplets.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty photo list or a bad size.
 * @example
 * ```ts
 * const reenactor = await createReenactor();
 * const photos = [{ name: 'astronaut.png', prepared: await reenactor.prepare('astronaut.png') }];
 * await writeTripletDataset({ out: 'data/reenacted', count: 300, size: 112, split: 'test', seed: 1,
 *   drawFace: reenactedFaceDrawer(reenactor, photos, 112) });
 * ```
 */
export function reenactedFaceDrawer(
  reenactor: Reenactor,
  photos: readonly NamedPhoto[],
  size: number,
): TripletFaceDrawer {
  assertArgument(Array.isArray(photos) && photos.length > 0, 'photos must hold at least one photo');
  assertArgument(
    Number.isInteger(size) && size >= 16 && size <= 1024,
    `size must be an integer in 16..1024, got ${size}`,
  );
  const windows = photos.map(({ prepared }) =>
    faceWindow(prepared.landmarks, prepared.image.width, prepared.image.height),
  );
  const boxes = photos.map(({ prepared }, k) => landmarkBox(prepared.landmarks, windows[k], size));
  // One reenacted frame per photo, rewritten by every draw of that photo.
  const frames = photos.map(({ prepared: { image } }) => ({
    width: image.width,
    height: image.height,
    data: new Uint8Array(image.data.length),
  }));
  return {
    description: `reenacted photos: ${photos.map((p) => p.name).join(', ')}`,
    draw(scene, where) {
      const seed = typeof scene.identity === 'number' ? scene.identity : scene.identity.seed;
      const k = Math.abs(Math.trunc(seed)) % photos.length;
      const { prepared } = photos[k];
      const frame = reenactor.reenact(prepared, scene.expression, { out: frames[k] });
      return {
        image: cropWindow(frame, windows[k], size),
        box: boxes[k],
        record: {
          ...where,
          source: 'reenacted',
          photo: photos[k].name,
          weights: Array.from(scene.expression, (w) => Math.round(w * 1e4) / 1e4),
        },
      };
    },
  };
}
