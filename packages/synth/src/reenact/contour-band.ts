/**
 * A region between two contours that run from one corner to the other (an eye opening, the
 * mouth opening), measured in a fixed frame: `u` along the corner-to-corner axis, `v` across it
 * (towards the lower contour). Used to tell whether a pixel lies in the opening and where.
 *
 * @example
 * ```ts
 * const frame: ContourFrame = contourFrame(points, 78, 308, 13, 14);
 * ```
 */
export interface ContourFrame {
  /** Origin (first corner), pixels. */
  ox: number;
  oy: number;
  /** Unit axis from the first corner to the second. */
  ux: number;
  uy: number;
  /** Unit normal, pointing from the upper contour towards the lower one. */
  vx: number;
  vy: number;
}

/**
 * A band: the upper and lower contour as piecewise-linear functions of `u`.
 *
 * @example
 * ```ts
 * const band: ContourBand = contourBand(points, upperLip, lowerLip, frame);
 * const width = band.uMax - band.uMin;
 * ```
 */
export interface ContourBand {
  frame: ContourFrame;
  /** u of the upper contour's points, ascending, and their v. */
  upperU: Float64Array;
  upperV: Float64Array;
  lowerU: Float64Array;
  lowerV: Float64Array;
  /** Range of u covered by both contours. */
  uMin: number;
  uMax: number;
  /** Bounding box of the band in pixels. */
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * The frame of a band from its first corner to its second; `v` points to the side where
 * `lowerProbe` lies.
 *
 * @example
 * ```ts
 * // The mouth: from the right inner corner (78) to the left (308), v towards the lower lip (14).
 * const frame = contourFrame(points, 78, 308, 13, 14);
 * ```
 */
export function contourFrame(
  points: ArrayLike<number>,
  firstCorner: number,
  secondCorner: number,
  upperProbe: number,
  lowerProbe: number,
): ContourFrame {
  const ox = points[2 * firstCorner];
  const oy = points[2 * firstCorner + 1];
  let ux = points[2 * secondCorner] - ox;
  let uy = points[2 * secondCorner + 1] - oy;
  const len = Math.hypot(ux, uy) || 1;
  ux /= len;
  uy /= len;
  let vx = -uy;
  let vy = ux;
  const side =
    (points[2 * lowerProbe] - points[2 * upperProbe]) * vx +
    (points[2 * lowerProbe + 1] - points[2 * upperProbe + 1]) * vy;
  if (side < 0) {
    vx = -vx;
    vy = -vy;
  }
  return { ox, oy, ux, uy, vx, vy };
}

function sortedContour(
  points: ArrayLike<number>,
  indices: readonly number[],
  frame: ContourFrame,
): [Float64Array, Float64Array] {
  const uv = indices.map((i) => {
    const dx = points[2 * i] - frame.ox;
    const dy = points[2 * i + 1] - frame.oy;
    return [dx * frame.ux + dy * frame.uy, dx * frame.vx + dy * frame.vy];
  });
  uv.sort((a, b) => a[0] - b[0]);
  return [Float64Array.from(uv, (p) => p[0]), Float64Array.from(uv, (p) => p[1])];
}

/**
 * Builds the band between two contours (index lists into `points`, x y per point), both running
 * between the same two corners, in `frame`.
 *
 * @example
 * ```ts
 * const band = contourBand(points, FACE_LANDMARKS.lipsUpperInner, FACE_LANDMARKS.lipsLowerInner, frame);
 * ```
 */
export function contourBand(
  points: ArrayLike<number>,
  upper: readonly number[],
  lower: readonly number[],
  frame: ContourFrame,
): ContourBand {
  const [upperU, upperV] = sortedContour(points, upper, frame);
  const [lowerU, lowerV] = sortedContour(points, lower, frame);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const i of [...upper, ...lower]) {
    xMin = Math.min(xMin, points[2 * i]);
    xMax = Math.max(xMax, points[2 * i]);
    yMin = Math.min(yMin, points[2 * i + 1]);
    yMax = Math.max(yMax, points[2 * i + 1]);
  }
  return {
    frame,
    upperU,
    upperV,
    lowerU,
    lowerV,
    uMin: Math.max(upperU[0], lowerU[0]),
    uMax: Math.min(upperU[upperU.length - 1], lowerU[lowerU.length - 1]),
    xMin,
    xMax,
    yMin,
    yMax,
  };
}

/**
 * Piecewise-linear interpolation of (us, vs) at u (held at the ends).
 *
 * @example
 * ```ts
 * interpolate(new Float64Array([0, 10]), new Float64Array([0, 5]), 4); // 2
 * ```
 */
export function interpolate(us: Float64Array, vs: Float64Array, u: number): number {
  const n = us.length;
  if (u <= us[0]) return vs[0];
  if (u >= us[n - 1]) return vs[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (us[mid] <= u) lo = mid;
    else hi = mid;
  }
  const span = us[hi] - us[lo];
  const t = span > 0 ? (u - us[lo]) / span : 0;
  return vs[lo] + t * (vs[hi] - vs[lo]);
}

/**
 * u and v of pixel position (x, y) in `frame`, written into `out`.
 *
 * @example
 * ```ts
 * const uv = new Float64Array(2);
 * toFrame(band.frame, x + 0.5, y + 0.5, uv);
 * ```
 */
export function toFrame(frame: ContourFrame, x: number, y: number, out: Float64Array): void {
  const dx = x - frame.ox;
  const dy = y - frame.oy;
  out[0] = dx * frame.ux + dy * frame.uy;
  out[1] = dx * frame.vx + dy * frame.vy;
}

/**
 * Pixel position of (u, v) in `frame`, written into `out`.
 *
 * @example
 * ```ts
 * const xy = new Float64Array(2);
 * fromFrame(band.frame, u, v, xy);
 * ```
 */
export function fromFrame(frame: ContourFrame, u: number, v: number, out: Float64Array): void {
  out[0] = frame.ox + u * frame.ux + v * frame.vx;
  out[1] = frame.oy + u * frame.uy + v * frame.vy;
}

/**
 * `true` when two bands have the same contours (within 0.001 px).
 *
 * @example
 * ```ts
 * if (sameBand(before, after)) return; // nothing moved
 * ```
 */
export function sameBand(a: ContourBand, b: ContourBand): boolean {
  const close = (p: Float64Array, q: Float64Array): boolean =>
    p.length === q.length && p.every((x, i) => Math.abs(x - q[i]) < 1e-3);
  return (
    close(a.upperU, b.upperU) &&
    close(a.upperV, b.upperV) &&
    close(a.lowerU, b.lowerU) &&
    close(a.lowerV, b.lowerV)
  );
}
