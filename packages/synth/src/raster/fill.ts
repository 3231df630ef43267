import type { ResolvedLight } from './lighting.js';

/**
 * Everything the triangle loop reads and writes. Vertices are already projected to sample
 * coordinates (`sx`, `sy`, pixel centres at +0.5) with `iz` = 1 / depth (0 marks a vertex in
 * front of the near plane) and camera-space normals `vn`.
 *
 * @example
 * ```ts
 * const job: FillJob = { width: 224, height: 224, depth, color, sx, sy, iz, vn, colors, indices, uvs: undefined,
 *   texture: undefined, light: resolveLight(), cullBackFaces: true, frontCcw: true, specular: 0, specularTable: specularTable(32), wrap: 0 };
 * ```
 */
export interface FillJob {
  /** Sample-grid width and height. */
  width: number;
  height: number;
  /** 1 / depth per sample; 0 = empty. Larger is nearer. */
  depth: Float32Array;
  /** Shaded r g b per sample, 0..1. */
  color: Float32Array;
  sx: Float64Array;
  sy: Float64Array;
  iz: Float64Array;
  vn: Float32Array;
  colors: Float32Array;
  indices: Uint32Array;
  uvs: Float32Array | undefined;
  texture: { width: number; height: number; data: Uint8Array } | undefined;
  light: ResolvedLight;
  cullBackFaces: boolean;
  /** True when front faces are counter-clockwise seen by the viewer. */
  frontCcw: boolean;
  /** Blinn–Phong highlight strength (0 = none). */
  specular: number;
  /** `x^shininess` sampled at x = i / SPECULAR_STEPS, i = 0..SPECULAR_STEPS; see {@link specularTable}. */
  specularTable: Float32Array;
  /** Diffuse wrap: lambert = max(0, (n·l + wrap) / (1 + wrap)). */
  wrap: number;
}

const INV255 = 1 / 255;

/** Intervals of the highlight lookup table. */
export const SPECULAR_STEPS = 1024;

/**
 * `x^shininess` at x = i / {@link SPECULAR_STEPS} for i = 0..SPECULAR_STEPS, so the highlight
 * costs a table lookup and a linear blend per sample instead of `Math.pow`.
 *
 * @example
 * ```ts
 * const table = specularTable(32);
 * table[SPECULAR_STEPS]; // 1
 * ```
 */
export function specularTable(shininess: number): Float32Array {
  const table = new Float32Array(SPECULAR_STEPS + 1);
  for (let i = 0; i <= SPECULAR_STEPS; i++) table[i] = Math.pow(i / SPECULAR_STEPS, shininess);
  return table;
}

/**
 * Rasterises every triangle of `job` with a z-buffer, perspective-correct interpolation of colour,
 * normal and uv, and per-sample Lambert + ambient shading with an optional Blinn–Phong highlight. Edges follow a tie-breaking rule so
 * that a sample on an edge shared by two triangles is drawn exactly once.
 *
 * @example
 * ```ts
 * depth.fill(0);
 * fillTriangles({ width: 224, height: 224, depth, color, sx, sy, iz, vn, colors, indices, uvs: undefined,
 *   texture: undefined, light: resolveLight(), cullBackFaces: true, frontCcw: true, specular: 0, specularTable: specularTable(32), wrap: 0 });
 * ```
 */
export function fillTriangles(job: FillJob): void {
  const {
    width: W,
    height: H,
    depth,
    color,
    sx,
    sy,
    iz,
    vn,
    colors,
    indices,
    uvs,
    texture,
    light,
  } = job;
  const cull = job.cullBackFaces;
  const frontCcw = job.frontCcw;
  const { lx, ly, lz, ambient, diffuse } = light;
  const lr = light.r;
  const lg = light.g;
  const lb = light.b;
  const tex = texture?.data;
  const tw = texture?.width ?? 0;
  const th = texture?.height ?? 0;
  const textured = tex !== undefined && uvs !== undefined;
  const { specular, specularTable, wrap } = job;
  const wrapScale = 1 / (1 + wrap);
  // Half vector between the light and the view direction (taken as the camera axis).
  const hl = Math.sqrt(lx * lx + ly * ly + (lz + 1) * (lz + 1));
  const hx = hl > 0 ? lx / hl : 0;
  const hy = hl > 0 ? ly / hl : 0;
  const hz = hl > 0 ? (lz + 1) / hl : 1;
  const tiny = Number.MIN_VALUE;

  for (let t = 0; t < indices.length; t += 3) {
    const i0 = indices[t];
    let i1 = indices[t + 1];
    let i2 = indices[t + 2];
    const iz0 = iz[i0];
    let iz1 = iz[i1];
    let iz2 = iz[i2];
    if (iz0 <= 0 || iz1 <= 0 || iz2 <= 0) continue;
    const x0 = sx[i0];
    const y0 = sy[i0];
    let x1 = sx[i1];
    let y1 = sy[i1];
    let x2 = sx[i2];
    let y2 = sy[i2];
    let area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (!(area !== 0)) continue;
    // Sample y grows downwards, so a triangle counter-clockwise to the viewer has area < 0.
    const front = frontCcw ? area < 0 : area > 0;
    if (!front && cull) continue;
    const ns = front ? 1 : -1;
    if (area < 0) {
      let s = i1;
      i1 = i2;
      i2 = s;
      s = x1;
      x1 = x2;
      x2 = s;
      s = y1;
      y1 = y2;
      y2 = s;
      s = iz1;
      iz1 = iz2;
      iz2 = s;
      area = -area;
    }
    let xmin = Math.ceil(Math.min(x0, x1, x2) - 0.5);
    let xmax = Math.floor(Math.max(x0, x1, x2) - 0.5);
    let ymin = Math.ceil(Math.min(y0, y1, y2) - 0.5);
    let ymax = Math.floor(Math.max(y0, y1, y2) - 0.5);
    if (xmin < 0) xmin = 0;
    if (ymin < 0) ymin = 0;
    if (xmax > W - 1) xmax = W - 1;
    if (ymax > H - 1) ymax = H - 1;
    if (xmin > xmax || ymin > ymax) continue;

    // w_k = A_k x + B_k y + C_k is twice the area opposite vertex k; all three > 0 inside.
    const A0 = y1 - y2;
    const B0 = x2 - x1;
    const C0 = x1 * y2 - x2 * y1;
    const A1 = y2 - y0;
    const B1 = x0 - x2;
    const C1 = x2 * y0 - x0 * y2;
    const A2 = y0 - y1;
    const B2 = x1 - x0;
    const C2 = x0 * y1 - x1 * y0;
    // A sample exactly on an edge belongs to the one of its two triangles whose edge has
    // A > 0 (or A = 0 and B > 0): that edge accepts w = 0, the other needs w > 0.
    const e0 = A0 > 0 || (A0 === 0 && B0 > 0) ? -tiny : 0;
    const e1 = A1 > 0 || (A1 === 0 && B1 > 0) ? -tiny : 0;
    const e2 = A2 > 0 || (A2 === 0 && B2 > 0) ? -tiny : 0;

    const invArea = 1 / area;
    const q0 = iz0 * invArea;
    const q1 = iz1 * invArea;
    const q2 = iz2 * invArea;
    const c0 = i0 * 3;
    const c1 = i1 * 3;
    const c2 = i2 * 3;
    const r0 = colors[c0];
    const g0 = colors[c0 + 1];
    const b0 = colors[c0 + 2];
    const r1 = colors[c1];
    const g1 = colors[c1 + 1];
    const b1 = colors[c1 + 2];
    const r2 = colors[c2];
    const g2 = colors[c2 + 1];
    const b2 = colors[c2 + 2];
    const nx0 = vn[c0];
    const ny0 = vn[c0 + 1];
    const nz0 = vn[c0 + 2];
    const nx1 = vn[c1];
    const ny1 = vn[c1 + 1];
    const nz1 = vn[c1 + 2];
    const nx2 = vn[c2];
    const ny2 = vn[c2 + 1];
    const nz2 = vn[c2 + 2];
    let u0 = 0;
    let v0 = 0;
    let u1 = 0;
    let v1 = 0;
    let u2 = 0;
    let v2 = 0;
    if (textured) {
      u0 = uvs[i0 * 2] * tw - 0.5;
      v0 = uvs[i0 * 2 + 1] * th - 0.5;
      u1 = uvs[i1 * 2] * tw - 0.5;
      v1 = uvs[i1 * 2 + 1] * th - 0.5;
      u2 = uvs[i2 * 2] * tw - 0.5;
      v2 = uvs[i2 * 2 + 1] * th - 0.5;
    }

    for (let y = ymin; y <= ymax; y++) {
      const py = y + 0.5;
      const row0 = B0 * py + C0;
      const row1 = B1 * py + C1;
      const row2 = B2 * py + C2;
      const rowIndex = y * W;
      let entered = false;
      for (let x = xmin; x <= xmax; x++) {
        const px = x + 0.5;
        const w0 = A0 * px + row0;
        const w1 = A1 * px + row1;
        const w2 = A2 * px + row2;
        if (!(w0 > e0 && w1 > e1 && w2 > e2)) {
          if (entered) break;
          continue;
        }
        entered = true;
        const z = w0 * q0 + w1 * q1 + w2 * q2;
        const idx = rowIndex + x;
        if (z <= depth[idx]) continue;
        depth[idx] = z;
        const inv = 1 / z;
        const p0 = w0 * q0 * inv;
        const p1 = w1 * q1 * inv;
        const p2 = w2 * q2 * inv;
        const nx = p0 * nx0 + p1 * nx1 + p2 * nx2;
        const ny = p0 * ny0 + p1 * ny1 + p2 * ny2;
        const nz = p0 * nz0 + p1 * nz1 + p2 * nz2;
        const len2 = nx * nx + ny * ny + nz * nz;
        const invLen = len2 > 0 ? ns / Math.sqrt(len2) : 0;
        const ndl = (nx * lx + ny * ly + nz * lz) * invLen;
        let lambert = (ndl + wrap) * wrapScale;
        lambert = lambert > 0 ? lambert : 0;
        const shade = ambient + diffuse * lambert;
        let highlight = 0;
        if (specular > 0 && ndl > 0) {
          const ndh = (nx * hx + ny * hy + nz * hz) * invLen;
          if (ndh > 0) {
            const f = ndh < 1 ? ndh * SPECULAR_STEPS : SPECULAR_STEPS - 1e-9;
            const i = f | 0;
            const lo = specularTable[i];
            highlight = specular * diffuse * (lo + (specularTable[i + 1] - lo) * (f - i));
          }
        }
        let cr = p0 * r0 + p1 * r1 + p2 * r2;
        let cg = p0 * g0 + p1 * g1 + p2 * g2;
        let cb = p0 * b0 + p1 * b1 + p2 * b2;
        if (textured) {
          let fx = p0 * u0 + p1 * u1 + p2 * u2;
          let fy = p0 * v0 + p1 * v1 + p2 * v2;
          fx = fx < 0 ? 0 : fx > tw - 1 ? tw - 1 : fx;
          fy = fy < 0 ? 0 : fy > th - 1 ? th - 1 : fy;
          const tx = fx | 0;
          const ty = fy | 0;
          const ax = fx - tx;
          const ay = fy - ty;
          const dx = tx < tw - 1 ? 3 : 0;
          const dy = ty < th - 1 ? tw * 3 : 0;
          const k = (ty * tw + tx) * 3;
          const w00 = (1 - ax) * (1 - ay) * INV255;
          const w10 = ax * (1 - ay) * INV255;
          const w01 = (1 - ax) * ay * INV255;
          const w11 = ax * ay * INV255;
          cr *= tex[k] * w00 + tex[k + dx] * w10 + tex[k + dy] * w01 + tex[k + dy + dx] * w11;
          cg *=
            tex[k + 1] * w00 +
            tex[k + dx + 1] * w10 +
            tex[k + dy + 1] * w01 +
            tex[k + dy + dx + 1] * w11;
          cb *=
            tex[k + 2] * w00 +
            tex[k + dx + 2] * w10 +
            tex[k + dy + 2] * w01 +
            tex[k + dy + dx + 2] * w11;
        }
        const o = idx * 3;
        cr = (cr * shade + highlight) * lr;
        cg = (cg * shade + highlight) * lg;
        cb = (cb * shade + highlight) * lb;
        color[o] = cr > 0 ? (cr < 1 ? cr : 1) : 0;
        color[o + 1] = cg > 0 ? (cg < 1 ? cg : 1) : 0;
        color[o + 2] = cb > 0 ? (cb < 1 ? cb : 1) : 0;
      }
    }
  }
}
