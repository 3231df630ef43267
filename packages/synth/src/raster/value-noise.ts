import { assertArgument, createRng } from '@freeavatar/core';

/**
 * Smooth value noise in 0..1 for a seed: random values on a square lattice, blended with a
 * smoothstep, summed over `octaves` (each with twice the cells and half the amplitude) and
 * stretched to span 0..1. `cells` is the number of lattice cells across `width` at the coarsest octave.
 *
 * @example
 * ```ts
 * const noise = fillValueNoise(42, 112, 112, 4, 3); // Float32Array of 112 * 112 values
 * ```
 */
export function fillValueNoise(
  seed: number,
  width: number,
  height: number,
  cells: number,
  octaves: number,
): Float32Array {
  assertArgument(Number.isFinite(seed), `noise seed must be a finite number, got ${seed}`);
  assertArgument(
    Number.isInteger(cells) && cells >= 1 && cells <= 256,
    `noise cells must be an integer in 1..256, got ${cells}`,
  );
  assertArgument(
    Number.isInteger(octaves) && octaves >= 1 && octaves <= 8,
    `noise octaves must be an integer in 1..8, got ${octaves}`,
  );
  const out = new Float32Array(width * height);
  const rng = createRng(seed);
  const column = new Int32Array(width);
  const weight = new Float32Array(width);
  let amplitude = 1;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    const nx = cells << o;
    const cellSize = width / nx;
    const ny = Math.ceil(height / cellSize);
    const stride = nx + 1;
    const lattice = new Float32Array(stride * (ny + 1));
    const octaveRng = rng.fork(o);
    for (let i = 0; i < lattice.length; i++) lattice[i] = octaveRng.next();
    for (let x = 0; x < width; x++) {
      const fx = (x + 0.5) / cellSize;
      const gx = Math.min(nx - 1, Math.floor(fx));
      const tx = fx - gx;
      column[x] = gx;
      weight[x] = tx * tx * (3 - 2 * tx);
    }
    for (let y = 0; y < height; y++) {
      const fy = (y + 0.5) / cellSize;
      const gy = Math.min(ny - 1, Math.floor(fy));
      let ty = fy - gy;
      ty = ty * ty * (3 - 2 * ty);
      const rowOffset = gy * stride;
      const outOffset = y * width;
      for (let x = 0; x < width; x++) {
        const k = rowOffset + column[x];
        const tx = weight[x];
        const top = lattice[k] + (lattice[k + 1] - lattice[k]) * tx;
        const bottom = lattice[k + stride] + (lattice[k + stride + 1] - lattice[k + stride]) * tx;
        out[outOffset + x] += (top + (bottom - top) * ty) * amplitude;
      }
    }
    total += amplitude;
    amplitude *= 0.5;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < out.length; i++) {
    if (out[i] < lo) lo = out[i];
    if (out[i] > hi) hi = out[i];
  }
  // Averaging octaves pulls values towards the middle; stretch back to the full range.
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  for (let i = 0; i < out.length; i++)
    out[i] = scale === 0 ? out[i] / total : (out[i] - lo) * scale;
  return out;
}
