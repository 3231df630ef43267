import { FreeAvatarError, assertArgument, type RgbImage } from '@freeavatar/core';
import {
  createFaceCropper,
  type DetectedFace,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import { isDetectedFace } from './faces.js';
import type { PeerFace } from './types.js';

/**
 * What a landmark-based peer does with a crop in which no face is found: throw (naming the
 * face's index), or return a feature vector of `NaN`s so that the caller can count and skip it.
 *
 * @example
 * ```ts
 * const method = await landmarkGeometryMethod({ missingFace: 'nan' });
 * ```
 */
export type MissingFacePolicy = 'throw' | 'nan';

/**
 * Options shared by the peers that need face-mesh landmarks of plain crops.
 *
 * @example
 * ```ts
 * const options: FaceLocatorOptions = { faceCropper: { minConfidence: 0.3 }, padding: 0.25 };
 * ```
 */
export interface FaceLocatorOptions {
  /**
   * Options of the face cropper that finds landmarks in plain crops (created on first use and
   * owned by the method), or a cropper to share (never disposed by the method). Faces given as
   * `DetectedFace` objects need no cropper.
   */
  faceCropper?: FaceCropperOptions | FaceCropper;
  /**
   * Grey border added around a plain crop before detection, as a share of its width and height
   * on each side, 0–2 (tight crops are found more reliably with some background). Default 0.2.
   */
  padding?: number;
  /** What to do when no face is found in a crop. Default `'throw'`. */
  missingFace?: MissingFacePolicy;
}

function isCropper(value: unknown): value is FaceCropper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FaceCropper).detect === 'function'
  );
}

/** Puts `image` in the middle of a grey canvas `pad` pixels wider on each side. */
function padImage(image: RgbImage, padX: number, padY: number): RgbImage {
  if (padX === 0 && padY === 0) return image;
  const width = image.width + 2 * padX;
  const height = image.height + 2 * padY;
  const data = new Uint8Array(width * height * 3).fill(128);
  for (let y = 0; y < image.height; y++) {
    data.set(
      image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3),
      ((y + padY) * width + padX) * 3,
    );
  }
  return { width, height, data };
}

/**
 * Gives face-mesh landmarks for {@link PeerFace}s: detected faces as they are, plain crops
 * through a face cropper (the best face in each, landmarks in the crop's own pixel frame).
 * Internal to the landmark-based peers.
 */
export class FaceLocator {
  private cropper: FaceCropper | undefined;
  private cropperPromise: Promise<FaceCropper> | undefined;
  private readonly shared: boolean;
  private readonly padding: number;
  readonly missingFace: MissingFacePolicy;
  private disposed = false;

  constructor(private readonly options: FaceLocatorOptions = {}) {
    const padding = options.padding ?? 0.2;
    assertArgument(
      typeof padding === 'number' && padding >= 0 && padding <= 2,
      `padding must be a number in 0–2, got ${String(options.padding)}`,
    );
    const missing = options.missingFace ?? 'throw';
    assertArgument(
      missing === 'throw' || missing === 'nan',
      `missingFace must be 'throw' or 'nan', got ${String(options.missingFace)}`,
    );
    this.padding = padding;
    this.missingFace = missing;
    this.shared = isCropper(options.faceCropper);
    if (this.shared) this.cropper = options.faceCropper as FaceCropper;
  }

  /**
   * One entry per face: the detected face (for a crop, found again and with landmarks moved to
   * the crop's frame), or `undefined` where none was found and the policy is `'nan'`.
   */
  async locate(faces: readonly PeerFace[]): Promise<(DetectedFace | undefined)[]> {
    this.check();
    const out: (DetectedFace | undefined)[] = [];
    for (let i = 0; i < faces.length; i++) {
      const face = faces[i];
      if (isDetectedFace(face)) {
        out.push(face);
        continue;
      }
      const cropper = await this.faceCropper();
      const padX = Math.round(face.width * this.padding);
      const padY = Math.round(face.height * this.padding);
      const [found] = await cropper.detect(padImage(face, padX, padY));
      if (found === undefined) {
        if (this.missingFace === 'throw') {
          throw new FreeAvatarError(
            'INVALID_ARGUMENT',
            `No face found in faces[${i}] (${face.width}×${face.height} image); pass DetectedFace objects, or missingFace: 'nan' to mark such faces`,
          );
        }
        out.push(undefined);
        continue;
      }
      const [[a, b, c], [d, e, f]] = found.transform;
      out.push({
        ...found,
        landmarks: found.landmarks.map(([x, y, z]) => [x - padX, y - padY, z]),
        box: { ...found.box, x: found.box.x - padX, y: found.box.y - padY },
        // Image-to-crop transform of the unpadded image: shift by the padding first.
        transform: [
          [a, b, c + a * padX + b * padY],
          [d, e, f + d * padX + e * padY],
        ],
      });
    }
    return out;
  }

  /** Frees the cropper unless it was shared. */
  dispose(): void {
    if (!this.shared) this.cropper?.dispose();
    this.cropper = undefined;
    this.disposed = true;
  }

  private check(): void {
    if (this.disposed) throw new FreeAvatarError('DISPOSED', 'This peer method was disposed');
  }

  private async faceCropper(): Promise<FaceCropper> {
    if (this.cropper !== undefined) return this.cropper;
    this.cropperPromise ??= createFaceCropper(this.options.faceCropper as FaceCropperOptions);
    const cropper = await this.cropperPromise;
    if (this.disposed) {
      cropper.dispose();
      throw new FreeAvatarError('DISPOSED', 'This peer method was disposed');
    }
    this.cropper = cropper;
    return cropper;
  }
}
