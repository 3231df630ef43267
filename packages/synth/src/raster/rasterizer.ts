import { assertArgument, assertRgbImage, type RgbImage } from '@freeavatar/core';
import { fillBackground, type BackgroundSpec } from './backgrounds.js';
import { resolveCamera, type ResolvedCamera } from './camera.js';
import { fillTriangles, specularTable } from './fill.js';
import { resolveLight, type ResolvedLight } from './lighting.js';
import { computeVertexNormals } from './normals.js';
import { drawOccluder } from './occluders.js';
import { resolveSupersampled } from './supersample.js';
import type { RasterMesh, Rasterizer, RasterizerOptions, RenderOptions } from './types.js';
import { assertRasterMesh } from './validate.js';

const MAX_SIDE = 8192;

function isImage(background: BackgroundSpec | RgbImage): background is RgbImage {
  return (background as RgbImage).data instanceof Uint8Array && !('kind' in background);
}

/** Per-vertex scratch arrays, grown on demand and reused across renders. */
class VertexBuffers {
  sx = new Float64Array(0);
  sy = new Float64Array(0);
  iz = new Float64Array(0);
  vn = new Float32Array(0);
  normals = new Float32Array(0);

  ensure(vertices: number): void {
    if (this.sx.length >= vertices) return;
    const n = Math.max(vertices, this.sx.length * 2);
    this.sx = new Float64Array(n);
    this.sy = new Float64Array(n);
    this.iz = new Float64Array(n);
    this.vn = new Float32Array(n * 3);
    this.normals = new Float32Array(n * 3);
  }
}

/**
 * Creates a software rasterizer of a fixed output size. It owns its z-buffer, sample buffer,
 * background and per-vertex buffers and reuses them on every render, so rendering allocates
 * only the returned image. Pure TypeScript, single-threaded and deterministic.
 *
 * Each render: projects the mesh through a pinhole camera, rasterises it into a
 * `supersample × supersample` grid per pixel with a z-buffer and perspective-correct colour,
 * normal and uv, shades every sample with Lambert + ambient light, box-filters down over the
 * background and finally draws the occluders.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a size that is not a positive integer (at most
 *   8192) or a supersample factor outside 1..8.
 * @example
 * ```ts
 * import { createRasterizer, cameraToFit } from '@freeavatar/synth';
 * import { writeImageFile } from '@freeavatar/core';
 * declare const mesh: RasterMesh;
 * const rasterizer = createRasterizer({ width: 112, height: 112, supersample: 2 });
 * const image = rasterizer.render(mesh, {
 *   camera: { ...cameraToFit(mesh, 112, 112), yaw: 20 },
 *   light: { direction: [0.4, 0.3, 1] },
 *   background: { kind: 'flat', color: [0.3, 0.35, 0.4] },
 * });
 * await writeImageFile('face.png', image);
 * ```
 */
export function createRasterizer(options: RasterizerOptions): Rasterizer {
  assertArgument(
    options !== null && typeof options === 'object',
    'rasterizer options must be an object',
  );
  const { width, height } = options;
  const s = options.supersample ?? 2;
  assertArgument(
    Number.isInteger(width) && width > 0 && width <= MAX_SIDE,
    `width must be an integer in 1..${MAX_SIDE}, got ${width}`,
  );
  assertArgument(
    Number.isInteger(height) && height > 0 && height <= MAX_SIDE,
    `height must be an integer in 1..${MAX_SIDE}, got ${height}`,
  );
  assertArgument(
    Number.isInteger(s) && s >= 1 && s <= 8,
    `supersample must be an integer in 1..8, got ${s}`,
  );
  const sw = width * s;
  const sh = height * s;
  const depth = new Float32Array(sw * sh);
  const color = new Float32Array(sw * sh * 3);
  const background = new Uint8Array(width * height * 3);
  const coverage = new Float32Array(width * height);
  const verts = new VertexBuffers();
  const specularTables = new Map<number, Float32Array>();

  function tableFor(shininess: number): Float32Array {
    let table = specularTables.get(shininess);
    if (table === undefined) {
      if (specularTables.size >= 64) specularTables.clear();
      table = specularTable(shininess);
      specularTables.set(shininess, table);
    }
    return table;
  }

  function drawMesh(
    mesh: RasterMesh,
    camera: ResolvedCamera,
    light: ResolvedLight,
    frontFace: 'ccw' | 'cw',
    cullBackFaces: boolean,
  ): void {
    const n = mesh.positions.length / 3;
    verts.ensure(n);
    const normals =
      mesh.normals ?? computeVertexNormals(mesh.positions, mesh.indices, frontFace, verts.normals);
    const { sx, sy, iz, vn } = verts;
    const p = mesh.positions;
    const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = camera.rotation;
    const [px, py, pz] = camera.pivot;
    const [ox, oy, oz] = camera.offset;
    const f = camera.focalLength * s;
    const cx = camera.cx * s;
    const cy = camera.cy * s;
    const { distance, near } = camera;
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      const x = p[k] - px;
      const y = p[k + 1] - py;
      const z = p[k + 2] - pz;
      const xc = r00 * x + r01 * y + r02 * z + ox;
      const yc = r10 * x + r11 * y + r12 * z + oy;
      const d = distance - (r20 * x + r21 * y + r22 * z + oz);
      if (d < near) {
        iz[i] = 0;
      } else {
        const inv = 1 / d;
        iz[i] = inv;
        sx[i] = cx + f * xc * inv;
        sy[i] = cy - f * yc * inv;
      }
      const nx = normals[k];
      const ny = normals[k + 1];
      const nz = normals[k + 2];
      vn[k] = r00 * nx + r01 * ny + r02 * nz;
      vn[k + 1] = r10 * nx + r11 * ny + r12 * nz;
      vn[k + 2] = r20 * nx + r21 * ny + r22 * nz;
    }
    const material = mesh.material ?? {};
    fillTriangles({
      width: sw,
      height: sh,
      depth,
      color,
      sx,
      sy,
      iz,
      vn,
      colors: mesh.colors,
      indices: mesh.indices,
      uvs: mesh.texture === undefined ? undefined : mesh.uvs,
      texture: mesh.texture,
      light,
      cullBackFaces,
      frontCcw: frontFace === 'ccw',
      specular: material.specular ?? 0,
      specularTable: tableFor(material.shininess ?? 32),
      wrap: material.subsurface ?? 0,
    });
  }

  function render(
    meshes: RasterMesh | readonly RasterMesh[],
    renderOptions: RenderOptions,
  ): RgbImage {
    assertArgument(
      renderOptions !== null && typeof renderOptions === 'object',
      'render options must be an object',
    );
    const list: readonly RasterMesh[] = Array.isArray(meshes) ? meshes : [meshes as RasterMesh];
    list.forEach(assertRasterMesh);
    const camera = resolveCamera(renderOptions.camera, width, height);
    const light = resolveLight(renderOptions.light);
    const frontFace = renderOptions.frontFace ?? 'ccw';
    assertArgument(
      frontFace === 'ccw' || frontFace === 'cw',
      `frontFace must be 'ccw' or 'cw', got ${String(frontFace)}`,
    );
    const cull = renderOptions.cullBackFaces ?? true;

    let bg: Uint8Array = background;
    const spec = renderOptions.background;
    if (spec === undefined) {
      background.fill(0);
    } else if (isImage(spec)) {
      assertRgbImage(spec);
      assertArgument(
        spec.width === width && spec.height === height,
        `background image must be ${width}x${height}, got ${spec.width}x${spec.height}`,
      );
      bg = spec.data;
    } else {
      fillBackground(spec, width, height, background);
    }

    depth.fill(0);
    for (const mesh of list) drawMesh(mesh, camera, light, frontFace, cull);
    const out: RgbImage = { width, height, data: new Uint8Array(width * height * 3) };
    resolveSupersampled(depth, color, s, width, height, bg, out.data, coverage);
    for (const occluder of renderOptions.occluders ?? []) drawOccluder(out, occluder);
    return out;
  }

  return { width, height, supersample: s, render, coverage };
}
