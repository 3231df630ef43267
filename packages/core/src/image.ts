import * as tf from '@tensorflow/tfjs';
import { assertNonEmptyString, assertTensor, describeValue } from './arguments.js';
import { FreeAvatarError, assertArgument } from './errors.js';
import { importNode, isNode } from './runtime.js';

/** A decoded image: 8-bit RGB, interleaved, row-major. Plain data, no tensors. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** `width * height * 3` bytes, R G B per pixel. */
  readonly data: Uint8Array;
}

/** Browser pixel sources that `tf.browser.fromPixels` reads. */
export type BrowserPixels = Exclude<
  Parameters<typeof tf.browser.fromPixels>[0],
  { data: Uint8Array }
>;

/**
 * Anything an image can be given as: a tensor (`[h, w, 3]`, 0–255, or float 0–1), an
 * {@link RgbImage}, browser pixels (ImageData, canvas, image, video, ImageBitmap), or a file path
 * in Node.
 */
export type ImageInput = tf.Tensor3D | RgbImage | BrowserPixels | string;

const IMAGE_EXTENSIONS = [
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.bmp',
  '.tif',
  '.tiff',
  '.gif',
  '.avif',
];

/**
 * Whether a file name has an extension that {@link readImageFile} decodes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `name` is not a string.
 * @example
 * ```ts
 * isImageFileName('face.JPG'); // true
 * ```
 */
export function isImageFileName(name: string): boolean {
  assertArgument(typeof name === 'string', `name must be a string, got ${describeValue(name)}`);
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

type SharpModule = typeof import('sharp');

async function loadSharp(): Promise<SharpModule> {
  if (!isNode()) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'Reading and writing image files needs Node.js (sharp)',
    );
  }
  const mod = (await import('sharp')) as unknown as { default: SharpModule };
  return mod.default;
}

/**
 * Decodes an image file (PNG, JPEG, WebP, TIFF, GIF, AVIF) into an {@link RgbImage}. Alpha is
 * flattened onto black.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when the file does not exist, `UNSUPPORTED_IMAGE`
 *   when it cannot be decoded; both name the file. `INVALID_ARGUMENT` when `path` is not a
 *   non-empty string.
 * @example
 * ```ts
 * import { readImageFile } from '@freeavatar/core';
 * const img = await readImageFile('astronaut.png');
 * console.log(img.width, img.height);
 * ```
 */
export async function readImageFile(path: string): Promise<RgbImage> {
  assertNonEmptyString(path, 'path');
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read image file ${path}`, {
      subject: path,
      cause,
    });
  }
  return decodeImage(bytes, path);
}

/**
 * Decodes encoded image bytes into an {@link RgbImage}.
 *
 * @param name - used in error messages only.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const img = await decodeImage(await readFile('face.jpg'), 'face.jpg');
 * ```
 */
export async function decodeImage(bytes: Uint8Array, name = '<bytes>'): Promise<RgbImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' })
      .rotate()
      .flatten({ background: '#000000' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new FreeAvatarError('UNSUPPORTED_IMAGE', `Cannot decode image ${name}: ${why}`, {
      subject: name,
      cause,
    });
  }
}

/**
 * Encodes an {@link RgbImage} as PNG or JPEG bytes.
 *
 * @example
 * ```ts
 * const img = await readImageFile('face.jpg');
 * const png = await encodeImage(img, 'png'); // Uint8Array of a PNG file
 * ```
 */
export async function encodeImage(
  image: RgbImage,
  format: 'png' | 'jpeg' = 'png',
  quality = 90,
): Promise<Uint8Array> {
  assertRgbImage(image);
  const sharp = await loadSharp();
  const pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
  const out =
    format === 'png'
      ? await pipeline.png().toBuffer()
      : await pipeline.jpeg({ quality }).toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Writes an image to a file; the format follows the extension (`.png`, `.jpg`/`.jpeg`).
 * Parent folders are created.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `path` is not a non-empty string ending in
 *   `.png`, `.jpg` or `.jpeg`, or `image` is neither an {@link RgbImage} nor a `[h, w, 3]` tensor.
 * @example
 * ```ts
 * const img = await readImageFile('face.jpg');
 * await writeImageFile('out/crop.png', img);
 * ```
 */
export async function writeImageFile(path: string, image: RgbImage | tf.Tensor3D): Promise<void> {
  assertNonEmptyString(path, 'path');
  const rgb = image instanceof tf.Tensor ? await imageFromTensor(image) : image;
  const lower = path.toLowerCase();
  const format = lower.endsWith('.jpg') || lower.endsWith('.jpeg') ? 'jpeg' : 'png';
  assertArgument(
    format === 'jpeg' || lower.endsWith('.png'),
    `writeImageFile supports .png and .jpg, got ${path}`,
  );
  const bytes = await encodeImage(rgb, format);
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const pathMod = await importNode<typeof import('node:path')>('node:path');
  await fs.mkdir(pathMod.dirname(path), { recursive: true });
  await fs.writeFile(path, bytes);
}

/**
 * Throws `INVALID_ARGUMENT` unless `image` is a well-formed {@link RgbImage}.
 *
 * @example
 * ```ts
 * assertRgbImage({ width: 2, height: 1, data: new Uint8Array(6) }); // passes
 * assertRgbImage({ width: 2, height: 1, data: new Uint8Array(3) }); // throws: 6 bytes expected
 * ```
 */
export function assertRgbImage(image: RgbImage): void {
  assertArgument(
    image !== null &&
      typeof image === 'object' &&
      Number.isInteger(image.width) &&
      Number.isInteger(image.height),
    'image must have integer width and height',
  );
  assertArgument(
    image.width > 0 && image.height > 0,
    `image must not be empty, got ${image.width}x${image.height}`,
  );
  assertArgument(
    image.data instanceof Uint8Array && image.data.length === image.width * image.height * 3,
    `image.data must be a Uint8Array of width*height*3 = ${image.width * image.height * 3} bytes, got ${image.data?.length}`,
  );
}

function isRgbImage(input: unknown): input is RgbImage {
  if (input === null || typeof input !== 'object') return false;
  const o = input as Partial<RgbImage>;
  return (
    typeof o.width === 'number' &&
    typeof o.height === 'number' &&
    o.data instanceof Uint8Array &&
    !('colorSpace' in o)
  );
}

/**
 * The `<img>` element among the inputs, when it is shown at another size than its picture's
 * (`undefined` for every other input, and for an image shown at its natural size).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an `<img>` whose picture has not loaded.
 */
function naturalSizeImage(input: unknown): HTMLImageElement | undefined {
  if (typeof HTMLImageElement === 'undefined' || !(input instanceof HTMLImageElement)) {
    return undefined;
  }
  assertArgument(
    input.complete && input.naturalWidth > 0,
    `the image ${input.src.slice(0, 200)} has not loaded: await its decode() first`,
  );
  return input.width === input.naturalWidth && input.height === input.naturalHeight
    ? undefined
    : input;
}

/** The `<video>` element among the inputs, once it has a frame to read; else `undefined`. */
function videoFrame(input: unknown): HTMLVideoElement | undefined {
  if (typeof HTMLVideoElement === 'undefined' || !(input instanceof HTMLVideoElement)) {
    return undefined;
  }
  assertArgument(
    input.readyState >= 2 && input.videoWidth > 0,
    'the video has no frame to read yet: wait for its loadeddata event (or play()) first',
  );
  return input;
}

/**
 * Turns any {@link ImageInput} into an `int32` tensor of shape `[height, width, 3]` with values
 * 0–255. An `<img>` element is read at its picture's natural size, whatever size it is shown
 * at; a `<video>` element's current frame at the video's size. The caller owns the returned
 * tensor.
 *
 * @example
 * ```ts
 * const t = await toImageTensor('face.png');
 * // ... use t ...
 * t.dispose();
 * ```
 */
export async function toImageTensor(input: ImageInput): Promise<tf.Tensor3D> {
  if (typeof input === 'string') return rgbImageToTensor(await readImageFile(input));
  if (input instanceof tf.Tensor) {
    assertArgument(
      input.rank === 3 && input.shape[2] === 3,
      `image tensor must have shape [h, w, 3], got [${input.shape}]`,
    );
    return tf.tidy(() => {
      if (input.dtype === 'int32') return input.clone();
      const max = input.max().dataSync()[0];
      const scaled = max <= 1.0 ? input.mul(255) : input;
      return scaled.round().clipByValue(0, 255).toInt() as tf.Tensor3D;
    });
  }
  if (isRgbImage(input)) return rgbImageToTensor(input);
  const image = naturalSizeImage(input) ?? videoFrame(input);
  if (image !== undefined) {
    // An <img> reads at its displayed size through fromPixels, where the picture is its natural
    // size; a <video> goes through a snapshot of its frame, which every backend reads alike
    // (WebGPU's own import of video frames can expire before the frame is read).
    const bitmap = await createImageBitmap(image);
    try {
      return tf.browser.fromPixels(bitmap, 3);
    } finally {
      bitmap.close();
    }
  }
  try {
    return tf.browser.fromPixels(input as BrowserPixels, 3);
  } catch (cause) {
    throw new FreeAvatarError(
      'UNSUPPORTED_IMAGE',
      `Unsupported image input: ${Object.prototype.toString.call(input)}`,
      { cause },
    );
  }
}

/**
 * Wraps an {@link RgbImage} in an `int32` `[h, w, 3]` tensor. The caller owns it.
 *
 * @example
 * ```ts
 * const t = rgbImageToTensor(await readImageFile('face.png'));
 * ```
 */
export function rgbImageToTensor(image: RgbImage): tf.Tensor3D {
  assertRgbImage(image);
  return tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');
}

/**
 * Reads a `[h, w, 3]` tensor back into an {@link RgbImage}. Float tensors whose values are all
 * within 0–1 are scaled by 255; others are rounded and clipped to 0–255. The tensor is not
 * disposed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `tensor` is not a `[h, w, 3]` tensor.
 * @example
 * ```ts
 * const t = tf.zeros([64, 64, 3], 'int32') as tf.Tensor3D;
 * const img = await imageFromTensor(t); // a black 64×64 RgbImage
 * t.dispose();
 * ```
 */
export async function imageFromTensor(tensor: tf.Tensor3D): Promise<RgbImage> {
  assertTensor(tensor, 'tensor');
  assertArgument(
    tensor.rank === 3 && tensor.shape[2] === 3,
    `image tensor must have shape [h, w, 3], got [${tensor.shape}]`,
  );
  const [height, width] = tensor.shape;
  const values = await tensor.data();
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const scale = tensor.dtype !== 'int32' && max <= 1.0 ? 255 : 1;
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(values[i] * scale)));
  return { width, height, data };
}
