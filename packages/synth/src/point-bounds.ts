/**
 * The x–y bounding box `[xMin, yMin, xMax, yMax]` of points stored flat, `stride` values per
 * point with x and y first (2 for 2-D landmarks, 3 for mesh positions).
 */
export function pointBounds(
  values: ArrayLike<number>,
  stride: number,
): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < values.length; i += stride) {
    x0 = Math.min(x0, values[i]);
    x1 = Math.max(x1, values[i]);
    y0 = Math.min(y0, values[i + 1]);
    y1 = Math.max(y1, values[i + 1]);
  }
  return [x0, y0, x1, y1];
}
