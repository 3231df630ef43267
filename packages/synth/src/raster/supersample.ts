/**
 * Box-filters an `s × s` supersampled render down to the output size and composites it over a
 * background of the output size.
 *
 * Each output pixel becomes `(Σ covered sample colours + (s² − covered) · background) / s²`: the
 * background is taken as constant across one output pixel. `coverage` receives the covered
 * fraction per output pixel. Colours in `color` are 0..1; `background` and `out` are 8-bit RGB.
 *
 * @example
 * ```ts
 * resolveSupersampled(depth, color, 2, 112, 112, background, out.data, coverage);
 * ```
 */
export function resolveSupersampled(
  depth: Float32Array,
  color: Float32Array,
  s: number,
  width: number,
  height: number,
  background: Uint8Array,
  out: Uint8Array,
  coverage: Float32Array,
): void {
  const sw = width * s;
  const n = s * s;
  const invN = 1 / n;
  const scale = 255 * invN;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      let rowStart = y * s * sw + x * s;
      for (let j = 0; j < s; j++) {
        for (let i = 0; i < s; i++) {
          const k = rowStart + i;
          if (depth[k] > 0) {
            const c = k * 3;
            r += color[c];
            g += color[c + 1];
            b += color[c + 2];
            count++;
          }
        }
        rowStart += sw;
      }
      const p = y * width + x;
      const o = p * 3;
      coverage[p] = count * invN;
      if (count === n) {
        out[o] = r * scale + 0.5;
        out[o + 1] = g * scale + 0.5;
        out[o + 2] = b * scale + 0.5;
      } else {
        const rest = (n - count) * invN;
        out[o] = r * scale + background[o] * rest + 0.5;
        out[o + 1] = g * scale + background[o + 1] * rest + 0.5;
        out[o + 2] = b * scale + background[o + 2] * rest + 0.5;
      }
    }
  }
}
