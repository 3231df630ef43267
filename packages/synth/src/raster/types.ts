import type { RgbImage } from '@freeavatar/core';
import type { TriangleMesh } from '../mesh-types.js';
import type { BackgroundSpec } from './backgrounds.js';
import type { Occluder } from './occluders.js';

/**
 * A colour as r g b, each in 0..1.
 *
 * @example
 * ```ts
 * const skin: RgbColor = [0.86, 0.66, 0.55];
 * ```
 */
export type RgbColor = readonly [number, number, number];

/**
 * How a surface reflects light beyond its albedo (the vertex colour times the texture).
 *
 * - `specular` (0..1, default 0): strength of a white Blinn–Phong highlight.
 * - `shininess` (default 32): highlight exponent; larger is tighter.
 * - `subsurface` (0..1, default 0): wraps the diffuse term round the terminator,
 *   `max(0, (n·l + s) / (1 + s))`, as light scattering under skin does.
 *
 * @example
 * ```ts
 * const skin: SurfaceMaterial = { specular: 0.15, shininess: 24, subsurface: 0.3 };
 * ```
 */
export interface SurfaceMaterial {
  specular?: number;
  shininess?: number;
  subsurface?: number;
}

/**
 * A {@link TriangleMesh} with optional extras the rasterizer understands.
 *
 * - `uvs`: u v per vertex; (0, 0) is the top-left corner of `texture`, v grows downwards (glTF).
 * - `texture`: sampled bilinearly (clamped at the border) and multiplied with the vertex colour.
 * - `normals`: x y z per vertex; when absent, smooth area-weighted vertex normals are computed
 *   from the triangles on every render.
 * - `material`: highlight and soft-shading parameters, see {@link SurfaceMaterial}.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const base: TriangleMesh, uvs: Float32Array, skinImage: RgbImage;
 * const mesh: RasterMesh = { ...base, uvs, texture: skinImage };
 * ```
 */
export interface RasterMesh extends TriangleMesh {
  uvs?: Float32Array;
  texture?: RgbImage;
  normals?: Float32Array;
  /** Default: matte (Lambert only). */
  material?: SurfaceMaterial;
}

/**
 * Where the object sits in front of a pinhole camera.
 *
 * The camera looks down −z from `(0, 0, distance)`, with x to the image right and y up. A mesh
 * point `p` goes to camera space as `R · (p − pivot) + offset`, where `R` rotates by `roll` about
 * z, after `yaw` about y, after `pitch` about x (R = Rz · Ry · Rx). Rotating the object is the
 * same as orbiting the camera the other way round the pivot. Positive `yaw` turns the object's
 * front (+z) towards the image right, positive `pitch` turns it up, positive `roll` turns the
 * image counter-clockwise. Angles are in degrees.
 *
 * @example
 * ```ts
 * const camera: CameraParams = { yaw: 20, pitch: -5, roll: 0, distance: 60, focalLength: 500 };
 * ```
 */
export interface CameraParams {
  /** Degrees about the vertical axis; default 0. */
  yaw?: number;
  /** Degrees about the horizontal axis; default 0. */
  pitch?: number;
  /** Degrees about the viewing axis; default 0. */
  roll?: number;
  /** The object point that is rotated about and put on the optical axis; default origin. */
  pivot?: readonly [number, number, number];
  /** A camera-space shift applied after rotation (x right, y up, z towards the camera). */
  offset?: readonly [number, number, number];
  /** Distance from the camera centre to the pivot, in mesh units; must exceed `near`. */
  distance: number;
  /** Focal length in output-image pixels. */
  focalLength: number;
  /** Principal point `[x, y]` in output-image pixels (y down); default the image centre. */
  principalPoint?: readonly [number, number];
  /** Near-plane depth in mesh units; triangles with a vertex nearer are dropped. Default 1e-3. */
  near?: number;
}

/**
 * Lambert + ambient lighting from one directional light fixed to the camera.
 *
 * Shaded colour = albedo · (ambient + diffuse · max(0, n · l)) · color, clamped to 1, where `l`
 * is `direction` normalised and `n` the interpolated surface normal in camera space; a mesh's
 * {@link SurfaceMaterial} can add a highlight and soften the diffuse term.
 *
 * @example
 * ```ts
 * const light: LightParams = { direction: [0.3, 0.5, 1], ambient: 0.35, diffuse: 0.75 };
 * ```
 */
export interface LightParams {
  /** Camera-space direction towards the light (x right, y up, z towards the camera). */
  direction: readonly [number, number, number];
  /** Ambient term, ≥ 0; default 0.35. */
  ambient?: number;
  /** Diffuse term, ≥ 0; default 0.75. */
  diffuse?: number;
  /** Light colour; default white. */
  color?: RgbColor;
}

/**
 * Per-render options of {@link Rasterizer.render}.
 *
 * @example
 * ```ts
 * const options: RenderOptions = {
 *   camera: { distance: 60, focalLength: 500 },
 *   light: { direction: [0, 0, 1] },
 *   background: { kind: 'flat', color: [0.2, 0.2, 0.2] },
 * };
 * ```
 */
export interface RenderOptions {
  camera: CameraParams;
  /** Default: light from the camera, ambient 0.35, diffuse 0.75. */
  light?: LightParams;
  /** Skip triangles facing away from the camera; default true. */
  cullBackFaces?: boolean;
  /** Winding of front faces as seen from outside the mesh; default `'ccw'`. */
  frontFace?: 'ccw' | 'cw';
  /** A background description, or an image of exactly the output size; default black. */
  background?: BackgroundSpec | RgbImage;
  /** Shapes drawn over the rendered picture, in order. */
  occluders?: readonly Occluder[];
}

/**
 * Sizes of a {@link Rasterizer}.
 *
 * @example
 * ```ts
 * const options: RasterizerOptions = { width: 112, height: 112, supersample: 2 };
 * ```
 */
export interface RasterizerOptions {
  /** Output width in pixels. */
  width: number;
  /** Output height in pixels. */
  height: number;
  /** Samples per pixel along each axis (1 = none, 2 = 2×2, ...); default 2. */
  supersample?: number;
}

/**
 * A software rasterizer that owns its buffers; see {@link createRasterizer}.
 *
 * @example
 * ```ts
 * declare const mesh: RasterMesh;
 * const r = createRasterizer({ width: 112, height: 112 });
 * const image = r.render(mesh, { camera: { distance: 60, focalLength: 500 } });
 * ```
 */
export interface Rasterizer {
  readonly width: number;
  readonly height: number;
  readonly supersample: number;
  /**
   * Renders one mesh, or several sharing one z-buffer (such as the parts of a head, each with
   * its own material), and returns a new image. Throws `INVALID_ARGUMENT` for a malformed mesh
   * (lengths, index out of range, non-finite numbers), camera or light.
   */
  render(mesh: RasterMesh | readonly RasterMesh[], options: RenderOptions): RgbImage;
  /**
   * How much of each output pixel the mesh covered in the last render (0..1, row-major,
   * `width * height`), before occluders. The array is reused by the next render.
   */
  readonly coverage: Float32Array;
}
