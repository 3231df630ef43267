import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertArray, assertTensor } from '@freeavatar/core';

// The example quantisation tables of the JPEG standard (ITU T.81, Annex K), row-major.
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** The orthonormal 8-point DCT-II matrix D (rows are frequencies): coefficients = D · x. */
function dctMatrix(): Float32Array {
  const d = new Float32Array(64);
  for (let u = 0; u < 8; u++) {
    const scale = u === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8);
    for (let x = 0; x < 8; x++) d[u * 8 + x] = scale * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return d;
}

/** libjpeg's mapping from quality 1–100 to a scaled quantisation table. */
function scaledTable(table: readonly number[], quality: number): Float32Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const s = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float32Array.from(table, (t) => Math.max(1, Math.floor((t * s + 50) / 100)));
}

/** Applies `matrix` (8×8) to the last axis of a `[…, 8]` tensor as one 2-D product. */
function along8(x: tf.Tensor, matrix: tf.Tensor2D): tf.Tensor {
  const shape = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, 8]), matrix), shape);
}

/**
 * Simulates JPEG compression of a batch `[n, h, w, 3]` in 0–1 (h and w multiples of 16), with
 * one quality (1–100) per image: RGB → YCbCr, 4:2:0 chroma subsampling, 8×8 block DCT,
 * quantisation with the standard tables scaled as libjpeg does, and the inverse. Forward only
 * (no gradient is needed for augmentation); runs as 2-D products and rank ≤ 4 transposes.
 *
 * @example
 * ```ts
 * declare const batch: tf.Tensor4D; // [2, 64, 64, 3] in 0–1
 * const degraded = jpegArtifacts(batch, [30, 75]);
 * ```
 */
export function jpegArtifacts(images: tf.Tensor4D, qualities: readonly number[]): tf.Tensor4D {
  assertTensor(images, 'images');
  assertArray(qualities, 'qualities');
  const [n, h, w, c] = images.shape;
  assertArgument(c === 3, `jpegArtifacts needs RGB images, got ${c} channels`);
  assertArgument(
    h % 16 === 0 && w % 16 === 0,
    `jpegArtifacts needs sizes that are multiples of 16, got ${h}x${w}`,
  );
  assertArgument(
    qualities.length === n && qualities.every((q) => q >= 1 && q <= 100),
    `jpegArtifacts needs one quality in 1–100 per image (${n}), got [${qualities.join(', ')}]`,
  );
  return tf.tidy(() => {
    const d = tf.tensor2d(dctMatrix(), [8, 8]);
    const dT = tf.transpose(d) as tf.Tensor2D;
    const rgb = tf.mul(images, 255);
    const toYcc = tf.tensor2d(
      [0.299, -0.168736, 0.5, 0.587, -0.331264, -0.418688, 0.114, 0.5, -0.081312],
      [3, 3],
    );
    const offset = tf.tensor1d([0, 128, 128]);
    const ycc = tf.add(
      tf.reshape(tf.matMul(tf.reshape(rgb, [-1, 3]), toYcc), [n, h, w, 3]),
      offset,
    );
    const [y, cbcr] = tf.split(ycc, [1, 2], 3);
    const small = tf.avgPool(cbcr as tf.Tensor4D, 2, 2, 'valid');
    const planes = [
      { plane: y as tf.Tensor4D, table: LUMA_TABLE },
      { plane: small, table: CHROMA_TABLE },
    ].map(({ plane, table }) => {
      const [, ph, pw, pc] = plane.shape;
      const by = ph / 8;
      const bx = pw / 8;
      // [n, ph, pw, pc] → [n*by, 8(y), bx, 8(x), pc] → blocks [n*by*bx*pc, 8(y), 8(x)].
      let blocks = tf.reshape(tf.transpose(plane, [0, 3, 1, 2]), [n * pc * by, 8, bx, 8]);
      blocks = tf.reshape(tf.transpose(blocks, [0, 2, 1, 3]), [-1, 8, 8]);
      blocks = tf.sub(blocks, 128);
      // Coefficients C = D · B · Dᵀ, as two products along the last axis with a transpose.
      let coeff = along8(blocks, dT); // B · Dᵀ
      coeff = along8(tf.transpose(coeff, [0, 2, 1]), dT); // (D · B · Dᵀ)ᵀ
      const tables = tf.tensor(
        qualities.flatMap((q) => {
          const t = scaledTable(table, q);
          // Transposed to match the transposed coefficients.
          return Array.from({ length: 64 }, (_, i) => t[(i % 8) * 8 + Math.floor(i / 8)]);
        }),
        [n, 1, 8, 8],
      );
      const grouped = tf.reshape(coeff, [n, pc * by * bx, 8, 8]);
      const quantised = tf.reshape(tf.mul(tf.round(tf.div(grouped, tables)), tables), [-1, 8, 8]);
      // Inverse: B = Dᵀ · C · D.
      let back = along8(quantised, d);
      back = along8(tf.transpose(back, [0, 2, 1]), d);
      back = tf.add(back, 128);
      let restored = tf.reshape(back, [n * pc * by, bx, 8, 8]);
      restored = tf.transpose(restored, [0, 2, 1, 3]);
      restored = tf.reshape(restored, [n, pc, ph, pw]);
      return tf.transpose(restored, [0, 2, 3, 1]) as tf.Tensor4D;
    });
    const chroma = tf.image.resizeNearestNeighbor(planes[1], [h, w]);
    const out = tf.concat([planes[0], chroma], 3);
    const fromYcc = tf.tensor2d([1, 1, 1, 0, -0.344136, 1.772, 1.402, -0.714136, 0], [3, 3]);
    const back = tf.matMul(tf.reshape(tf.sub(out, offset), [-1, 3]), fromYcc);
    return tf.clipByValue(tf.div(tf.reshape(back, [n, h, w, 3]), 255), 0, 1) as tf.Tensor4D;
  });
}
