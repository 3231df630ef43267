import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from './errors.js';
import {
  assertRgbImage,
  decodeImage,
  encodeImage,
  imageFromTensor,
  isImageFileName,
  readImageFile,
  rgbImageToTensor,
  toImageTensor,
  writeImageFile,
  type RgbImage,
} from './image.js';

let dir: string;

/** A small image with a distinct value in every channel of every pixel. */
function pattern(width = 5, height = 4): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) % 256;
  return { width, height, data };
}

async function rejection(promise: Promise<unknown>): Promise<FreeAvatarError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FreeAvatarError);
    return err as FreeAvatarError;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'freeavatar-image-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encode and decode', () => {
  it('round-trips an image through PNG exactly', async () => {
    const image = pattern();
    const png = await encodeImage(image, 'png');
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    const back = await decodeImage(png);
    expect(back.width).toBe(5);
    expect(back.height).toBe(4);
    expect(Array.from(back.data)).toEqual(Array.from(image.data));
  });

  it('round-trips a flat image through JPEG closely', async () => {
    const image = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(120) };
    const back = await decodeImage(await encodeImage(image, 'jpeg', 95));
    expect(back.width).toBe(8);
    for (const v of back.data) expect(Math.abs(v - 120)).toBeLessThanOrEqual(2);
  });

  it('rejects corrupt bytes with UNSUPPORTED_IMAGE naming the input', async () => {
    const err = await rejection(decodeImage(new Uint8Array([1, 2, 3, 4, 5]), 'broken.png'));
    expect(err.code).toBe('UNSUPPORTED_IMAGE');
    expect(err.message).toContain('broken.png');
    expect(err.subject).toBe('broken.png');
  });

  it('rejects malformed RgbImages with INVALID_ARGUMENT', async () => {
    const err = await rejection(encodeImage({ width: 2, height: 2, data: new Uint8Array(5) }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/12 bytes, got 5/);
    expect(() => assertRgbImage({ width: 0, height: 3, data: new Uint8Array(0) })).toThrow(/0x3/);
  });
});

describe('image files', () => {
  it('recognises image file names by extension', () => {
    expect(isImageFileName('face.JPG')).toBe(true);
    expect(isImageFileName('a/b/c.webp')).toBe(true);
    expect(isImageFileName('notes.txt')).toBe(false);
    expect(() => isImageFileName(null as never)).toThrow(/name must be a string, got null/);
  });

  it('names a path that is not a string', async () => {
    await expect(readImageFile(42 as never)).rejects.toThrow(
      /path must be a non-empty string, got the number 42/,
    );
    await expect(writeImageFile(null as never, pattern())).rejects.toThrow(
      /path must be a non-empty string, got null/,
    );
  });

  it('writes and reads back PNG files, creating folders', async () => {
    const path = join(dir, 'nested', 'out.png');
    await writeImageFile(path, pattern());
    const back = await readImageFile(path);
    expect(Array.from(back.data)).toEqual(Array.from(pattern().data));
  });

  it('writes JPEG for .jpg and refuses other extensions', async () => {
    const path = join(dir, 'out.jpg');
    await writeImageFile(path, pattern(16, 16));
    expect((await readImageFile(path)).width).toBe(16);
    const err = await rejection(writeImageFile(join(dir, 'out.gif'), pattern()));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('out.gif');
  });

  it('writes tensors without leaking', async () => {
    const t = tf.tensor3d(Array.from(pattern().data), [4, 5, 3], 'int32');
    const before = tf.memory().numTensors;
    await writeImageFile(join(dir, 'tensor.png'), t);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    expect(Array.from((await readImageFile(join(dir, 'tensor.png'))).data)).toEqual(
      Array.from(pattern().data),
    );
  });

  it('names a missing file with FILE_NOT_FOUND', async () => {
    const path = join(dir, 'missing.png');
    const err = await rejection(readImageFile(path));
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toContain(path);
    expect(err.subject).toBe(path);
  });

  it('names a corrupt file with UNSUPPORTED_IMAGE', async () => {
    const path = join(dir, 'corrupt.jpg');
    await writeFile(path, Buffer.from('not really a jpeg'));
    const err = await rejection(readImageFile(path));
    expect(err.code).toBe('UNSUPPORTED_IMAGE');
    expect(err.message).toContain(path);
  });
});

describe('image tensors', () => {
  it('turns an RgbImage into an int32 [h, w, 3] tensor and back', async () => {
    const t = rgbImageToTensor(pattern());
    expect(t.shape).toEqual([4, 5, 3]);
    expect(t.dtype).toBe('int32');
    const back = await imageFromTensor(t);
    t.dispose();
    expect(Array.from(back.data)).toEqual(Array.from(pattern().data));
  });

  it('accepts RgbImages, paths and tensors in toImageTensor', async () => {
    const fromImage = await toImageTensor(pattern());
    const path = join(dir, 'input.png');
    await writeImageFile(path, pattern());
    const fromPath = await toImageTensor(path);
    expect(Array.from(await fromPath.data())).toEqual(Array.from(await fromImage.data()));

    const unit = tf.tensor3d([0, 0.5, 1, 1, 0.25, 0], [1, 2, 3]);
    const scaled = await toImageTensor(unit);
    expect(scaled.dtype).toBe('int32');
    expect(Array.from(await scaled.data())).toEqual([0, 128, 255, 255, 64, 0]);

    const bytes = tf.tensor3d([0, 100.4, 300, -5, 20, 255], [1, 2, 3]);
    expect(Array.from(await (await toImageTensor(bytes)).data())).toEqual([
      0, 100, 255, 0, 20, 255,
    ]);
    tf.dispose([fromImage, fromPath, unit, scaled, bytes]);
  });

  it('returns a copy the caller owns for int32 tensors', async () => {
    const t = rgbImageToTensor(pattern());
    const copy = await toImageTensor(t);
    t.dispose();
    expect(copy.isDisposed).toBe(false);
    expect(copy.shape).toEqual([4, 5, 3]);
    copy.dispose();
  });

  it('rejects tensors of the wrong shape and unknown inputs', async () => {
    const gray = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    const err = await rejection(toImageTensor(gray));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('[4,4,1]');
    gray.dispose();
    const other = await rejection(toImageTensor({ foo: 1 } as never));
    expect(other.code).toBe('UNSUPPORTED_IMAGE');
    await expect(imageFromTensor(tf.zeros([2, 2]) as never)).rejects.toThrow(/\[h, w, 3\]/);
    await expect(imageFromTensor(null as never)).rejects.toThrow(/tensor must be a tf.Tensor/);
  });

  // Stand-ins for the DOM's media elements, so that Node can check the guards.
  class FakeImage {
    complete = false;
    naturalWidth = 0;
    src = 'http://example.test/face.png';
  }
  class FakeVideo {
    readyState = 0;
    videoWidth = 0;
  }
  it.each([
    [
      'HTMLImageElement',
      FakeImage,
      'the image http://example.test/face.png has not loaded: await its decode() first',
    ],
    [
      'HTMLVideoElement',
      FakeVideo,
      'the video has no frame to read yet: wait for its loadeddata event (or play()) first',
    ],
  ])('asks a %s to be ready before reading it', async (name, Fake, message) => {
    const globals = globalThis as Record<string, unknown>;
    const saved = globals[name];
    globals[name] = Fake;
    try {
      const err = await rejection(toImageTensor(new Fake() as never));
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toBe(message);
    } finally {
      globals[name] = saved;
    }
  });

  it('scales float tensors within 0–1 when reading them back', async () => {
    const t = tf.tensor3d([0, 0.5, 1], [1, 1, 3]);
    expect(Array.from((await imageFromTensor(t)).data)).toEqual([0, 128, 255]);
    t.dispose();
  });

  it('leaks no tensors', async () => {
    const input = tf.tensor3d(
      Array.from(pattern().data).map((v) => v / 255),
      [4, 5, 3],
    );
    const before = tf.memory().numTensors;
    (await toImageTensor(input)).dispose();
    (await toImageTensor(pattern())).dispose();
    rgbImageToTensor(pattern()).dispose();
    await imageFromTensor(input);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});
