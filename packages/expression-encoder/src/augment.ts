import * as tf from '@tensorflow/tfjs';
import { assertArgument, type Rng } from '@freeavatar/core';
import {
  resolveAugmentOptions,
  type AugmentOptions,
  type ResolvedAugmentOptions,
} from './augment-options.js';
import { jpegArtifacts } from './jpeg-artifacts.js';

/** Output→input maps for `tf.image.transform`: rotation, scale, shift about the centre, flip. */
function affineTransforms(
  n: number,
  h: number,
  w: number,
  o: ResolvedAugmentOptions,
  rng: Rng,
): Float32Array {
  const out = new Float32Array(n * 8);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let i = 0; i < n; i++) {
    let theta = 0;
    let scale = 1;
    let tx = 0;
    let ty = 0;
    const a = o.affine;
    if (a !== null && rng.bool(a.probability)) {
      theta = (rng.uniform(-a.maxRotation, a.maxRotation) * Math.PI) / 180;
      scale = 1 + rng.uniform(-a.maxScale, a.maxScale);
      tx = rng.uniform(-a.maxShift, a.maxShift) * w;
      ty = rng.uniform(-a.maxShift, a.maxShift) * h;
    }
    const flip = o.flip > 0 && rng.bool(o.flip);
    // input = A · (output − centre − shift) + centre, A = R(−θ) / scale.
    const cos = Math.cos(theta) / scale;
    const sin = Math.sin(theta) / scale;
    let a0 = cos;
    const a1 = sin;
    const b0 = -sin;
    const b1 = cos;
    const ox = cx + tx;
    const oy = cy + ty;
    let a2 = cx - (a0 * ox + a1 * oy);
    const b2 = cy - (b0 * ox + b1 * oy);
    let c0 = b0;
    let b2f = b2;
    if (flip) {
      // Compose with x → (w − 1 − x) applied to the output.
      a2 += a0 * (w - 1);
      b2f += b0 * (w - 1);
      a0 = -a0;
      c0 = -b0;
    }
    out.set([a0, a1, a2, c0, b1, b2f, 0, 0], i * 8);
  }
  return out;
}

function isIdentity(transforms: Float32Array): boolean {
  const identity = [1, 0, 0, 0, 1, 0, 0, 0];
  return transforms.every((v, i) => Math.abs(v - identity[i % 8]) < 1e-9);
}

function warp(images: tf.Tensor4D, transforms: Float32Array): tf.Tensor4D {
  const n = images.shape[0];
  if (tf.getBackend() !== 'cpu' || n === 1) {
    return tf.image.transform(images, tf.tensor2d(transforms, [n, 8]), 'bilinear', 'nearest');
  }
  // The cpu backend's Transform kernel (tfjs 4.22) returns after the first image of a batch,
  // leaving the others at the fill value; warp one image at a time there.
  const parts = tf
    .split(images, n, 0)
    .map((image, i) =>
      tf.image.transform(
        image as tf.Tensor4D,
        tf.tensor2d(transforms.subarray(i * 8, i * 8 + 8), [1, 8]),
        'bilinear',
        'nearest',
      ),
    );
  return tf.concat(parts, 0);
}

function gaussianBlur(images: tf.Tensor4D, sigma: number): tf.Tensor4D {
  const radius = Math.max(1, Math.ceil(2 * sigma));
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = taps.reduce((a, b) => a + b, 0);
  const k = taps.map((t) => t / total);
  const channels = images.shape[3];
  const kernel = k.flatMap((t) => Array(channels).fill(t));
  const vertical = tf.tensor4d(kernel, [k.length, 1, channels, 1]);
  const horizontal = tf.tensor4d(kernel, [1, k.length, channels, 1]);
  const padded = tf.mirrorPad(
    images,
    [
      [0, 0],
      [radius, radius],
      [radius, radius],
      [0, 0],
    ],
    'reflect',
  );
  const v = tf.depthwiseConv2d(padded, vertical, 1, 'valid');
  return tf.depthwiseConv2d(v, horizontal, 1, 'valid');
}

/** Per-image column of values as a `[n, 1, 1, 1]` tensor. */
function perImage(values: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(Array.from(values), [values.length, 1, 1, 1]);
}

/** Draws the erasing / occluder masks `[n, h, w, 1]` and their fills. */
function maskLayers(
  n: number,
  h: number,
  w: number,
  o: ResolvedAugmentOptions,
  rng: Rng,
): { erase: Float32Array; occlude: Float32Array; colours: Float32Array } {
  const erase = new Float32Array(n * h * w);
  const occlude = new Float32Array(n * h * w);
  const colours = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const e = o.erasing;
    if (e !== null && rng.bool(e.probability)) {
      const area = rng.uniform(e.minArea, e.maxArea) * h * w;
      const aspect = Math.exp(rng.uniform(Math.log(0.3), Math.log(3.3)));
      const eh = Math.min(h, Math.max(1, Math.round(Math.sqrt(area * aspect))));
      const ew = Math.min(w, Math.max(1, Math.round(Math.sqrt(area / aspect))));
      const top = rng.int(h - eh + 1);
      const left = rng.int(w - ew + 1);
      for (let y = top; y < top + eh; y++)
        erase.fill(1, (i * h + y) * w + left, (i * h + y) * w + left + ew);
    }
    const oc = o.occluder;
    if (oc !== null && rng.bool(oc.probability)) {
      const cx = rng.uniform(0, w);
      const cy = rng.uniform(0.3 * h, h);
      const rx = rng.uniform(0.1, oc.maxRadius) * w;
      const ry = rng.uniform(0.1, oc.maxRadius) * h;
      for (let c = 0; c < 3; c++) colours[i * 3 + c] = rng.next();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const r = Math.hypot((x - cx) / rx, (y - cy) / ry);
          // Soft one-pixel edge.
          occlude[(i * h + y) * w + x] = Math.min(1, Math.max(0, (1 - r) * Math.min(rx, ry)));
        }
      }
    }
  }
  return { erase, occlude, colours };
}

/**
 * Augments a batch of images `[n, h, w, 3]` in 0–1 for in-the-wild robustness, each image with
 * its own random draw: small affine jitter (and optional flip), colour jitter (brightness,
 * contrast, saturation), blur of random strength, Gaussian noise, simulated JPEG compression
 * (see {@link jpegArtifacts}), random erasing and solid occluders. Every draw comes from `rng`,
 * so the same generator state gives the same output. The caller owns the result.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * declare const batch: tf.Tensor4D; // [n, 64, 64, 3] in 0–1
 * const rng = createRng(7).fork('augment:step:12');
 * const augmented = augmentImages(batch, rng, { jpeg: { probability: 0.5 } });
 * ```
 */
export function augmentImages(
  images: tf.Tensor4D,
  rng: Rng,
  options: AugmentOptions | ResolvedAugmentOptions = {},
): tf.Tensor4D {
  assertArgument(
    images instanceof tf.Tensor && images.rank === 4 && images.shape[3] === 3,
    `images must be a [n, h, w, 3] tensor, got ${images instanceof tf.Tensor ? `[${images.shape}]` : typeof images}`,
  );
  const o = resolveAugmentOptions(options);
  const [n, h, w] = images.shape;
  // Draw every random number up front, in a fixed order.
  const transforms = affineTransforms(n, h, w, o, rng);
  const c = o.color;
  const bright = new Float32Array(n).fill(1);
  const contrast = new Float32Array(n).fill(1);
  const saturation = new Float32Array(n).fill(1);
  const blur = new Float32Array(n);
  const noise = new Float32Array(n);
  const jpegOn = new Float32Array(n);
  const quality = new Array<number>(n).fill(100);
  for (let i = 0; i < n; i++) {
    if (c !== null && rng.bool(c.probability)) {
      bright[i] = 1 + rng.uniform(-c.brightness, c.brightness);
      contrast[i] = 1 + rng.uniform(-c.contrast, c.contrast);
      saturation[i] = 1 + rng.uniform(-c.saturation, c.saturation);
    }
    if (o.blur !== null && rng.bool(o.blur.probability)) blur[i] = rng.next();
    if (o.noise !== null && rng.bool(o.noise.probability))
      noise[i] = rng.uniform(0, o.noise.maxStd);
    if (o.jpeg !== null && rng.bool(o.jpeg.probability)) {
      jpegOn[i] = 1;
      quality[i] = Math.round(rng.uniform(o.jpeg.minQuality, o.jpeg.maxQuality));
    }
  }
  const masks = maskLayers(n, h, w, o, rng);
  const noiseSeed = rng.int(2 ** 31);
  const eraseSeed = rng.int(2 ** 31);
  const jpegPossible = o.jpeg !== null && h % 16 === 0 && w % 16 === 0;

  return tf.tidy(() => {
    let x: tf.Tensor4D = tf.cast(images, 'float32');
    if (!isIdentity(transforms)) x = warp(x, transforms);
    if (c !== null) {
      x = tf.mul(x, perImage(bright));
      const mean = tf.mean(x, [1, 2, 3], true);
      x = tf.add(tf.mul(tf.sub(x, mean), perImage(contrast)), mean);
      const gray = tf.mean(x, 3, true);
      x = tf.clipByValue(
        tf.add<tf.Tensor4D>(tf.mul(tf.sub(x, gray), perImage(saturation)), gray),
        0,
        1,
      );
    }
    if (o.blur !== null && blur.some((b) => b > 0)) {
      const alpha = perImage(blur);
      x = tf.add(tf.mul(x, tf.sub(1, alpha)), tf.mul(gaussianBlur(x, o.blur.maxSigma), alpha));
    }
    if (o.noise !== null && noise.some((s) => s > 0)) {
      const z = tf.randomNormal([n, h, w, 3], 0, 1, 'float32', noiseSeed);
      x = tf.clipByValue(tf.add<tf.Tensor4D>(x, tf.mul(z, perImage(noise))), 0, 1);
    }
    if (jpegPossible && jpegOn.some((j) => j > 0)) {
      const on = perImage(jpegOn);
      x = tf.add(tf.mul(x, tf.sub(1, on)), tf.mul(jpegArtifacts(x, quality), on));
    }
    if (masks.erase.some((v) => v > 0)) {
      const m = tf.tensor4d(masks.erase, [n, h, w, 1]);
      const fill = tf.randomUniform([n, h, w, 3], 0, 1, 'float32', eraseSeed);
      x = tf.add(tf.mul(x, tf.sub(1, m)), tf.mul(fill, m));
    }
    if (masks.occlude.some((v) => v > 0)) {
      const m = tf.tensor4d(masks.occlude, [n, h, w, 1]);
      const colour = tf.tensor4d(masks.colours, [n, 1, 1, 3]);
      x = tf.add(tf.mul(x, tf.sub(1, m)), tf.mul(colour, m));
    }
    return tf.clipByValue(x, 0, 1);
  });
}
