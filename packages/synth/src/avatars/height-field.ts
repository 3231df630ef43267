import { pointBounds } from '../point-bounds.js';

/**
 * The front surface of a mesh as a height map z(x, y): features drawn on a face (mouth, brows)
 * are placed on it.
 */

/** z of the front-most surface at (x, y); `-Infinity` outside the mesh. */
export type HeightField = (x: number, y: number) => number;

/**
 * Rasterises the triangles of `positions`/`indices` seen from +z into a grid with `cell`-sized
 * cells over the mesh's x–y bounds, keeping the largest z, and returns a bilinear lookup.
 */
export function createHeightField(
  positions: Float32Array,
  indices: Uint32Array,
  cell = 0.05,
): HeightField {
  const [x0, y0, x1, y1] = pointBounds(positions, 3);
  const w = Math.ceil((x1 - x0) / cell) + 1;
  const h = Math.ceil((y1 - y0) / cell) + 1;
  const z = new Float32Array(w * h).fill(-Infinity);
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t] * 3, indices[t + 1] * 3, indices[t + 2] * 3];
    const ax = (positions[a] - x0) / cell;
    const ay = (positions[a + 1] - y0) / cell;
    const bx = (positions[b] - x0) / cell;
    const by = (positions[b + 1] - y0) / cell;
    const cx = (positions[c] - x0) / cell;
    const cy = (positions[c + 1] - y0) / cell;
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (Math.abs(area) < 1e-12) continue;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const maxX = Math.min(w - 1, Math.ceil(Math.max(ax, bx, cx)));
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const maxY = Math.min(h - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let j = minY; j <= maxY; j++) {
      for (let i = minX; i <= maxX; i++) {
        const wa = ((bx - i) * (cy - j) - (by - j) * (cx - i)) / area;
        const wb = ((cx - i) * (ay - j) - (cy - j) * (ax - i)) / area;
        const wc = 1 - wa - wb;
        if (wa < -1e-6 || wb < -1e-6 || wc < -1e-6) continue;
        const depth = wa * positions[a + 2] + wb * positions[b + 2] + wc * positions[c + 2];
        if (depth > z[j * w + i]) z[j * w + i] = depth;
      }
    }
  }
  return (x, y) => {
    const fx = Math.min(w - 1.001, Math.max(0, (x - x0) / cell));
    const fy = Math.min(h - 1.001, Math.max(0, (y - y0) / cell));
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    const tx = fx - i;
    const ty = fy - j;
    const q = (ii: number, jj: number): number => z[jj * w + ii];
    const top = q(i, j) * (1 - tx) + q(i + 1, j) * tx;
    const bottom = q(i, j + 1) * (1 - tx) + q(i + 1, j + 1) * tx;
    return top * (1 - ty) + bottom * ty;
  };
}
