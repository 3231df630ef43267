import { assertArgument, assertObject, describeValue } from '@freeavatar/core';
import type { Vec3 } from '../face/face-template.js';
import type { TriangleMesh } from '../mesh-types.js';
import type { CameraParams } from './types.js';

const DEG = Math.PI / 180;

/**
 * A camera resolved to numbers: row-major rotation, pivot, offset and projection constants.
 *
 * @example
 * ```ts
 * const { rotation, cx, cy } = resolveCamera({ distance: 60, focalLength: 500 }, 112, 112);
 * ```
 */
export interface ResolvedCamera {
  /** Row-major 3×3 rotation `R = Rz(roll) · Ry(yaw) · Rx(pitch)`. */
  rotation: Float64Array;
  pivot: Readonly<Vec3>;
  offset: Readonly<Vec3>;
  distance: number;
  focalLength: number;
  cx: number;
  cy: number;
  near: number;
}

function finite(value: unknown, name: string): number {
  assertArgument(
    typeof value === 'number' && Number.isFinite(value),
    `${name} must be a finite number, got ${String(value)}`,
  );
  return value;
}

function vec3(value: Readonly<Vec3> | undefined, name: string): Readonly<Vec3> {
  if (value === undefined) return [0, 0, 0];
  assertArgument(Array.isArray(value) && value.length === 3, `${name} must be [x, y, z]`);
  return [
    finite(value[0], `${name}[0]`),
    finite(value[1], `${name}[1]`),
    finite(value[2], `${name}[2]`),
  ];
}

/**
 * The rotation `R = Rz(roll) · Ry(yaw) · Rx(pitch)` (degrees) as a row-major 3×3 matrix.
 *
 * @example
 * ```ts
 * const r = rotationMatrix(90, 0, 0);
 * // r · [0, 0, 1] = [1, 0, 0]: the object's front turns to the image right.
 * ```
 */
export function rotationMatrix(yaw: number, pitch: number, roll: number): Float64Array {
  finite(yaw, 'yaw');
  finite(pitch, 'pitch');
  finite(roll, 'roll');
  const cy = Math.cos(yaw * DEG);
  const sy = Math.sin(yaw * DEG);
  const cp = Math.cos(pitch * DEG);
  const sp = Math.sin(pitch * DEG);
  const cr = Math.cos(roll * DEG);
  const sr = Math.sin(roll * DEG);
  // Rx(pitch) turns +z towards +y (the front looks up), Ry(yaw) turns +z towards +x; a = Ry · Rx.
  const a00 = cy;
  const a01 = -sy * sp;
  const a02 = sy * cp;
  const a10 = 0;
  const a11 = cp;
  const a12 = sp;
  const a20 = -sy;
  const a21 = -cy * sp;
  const a22 = cy * cp;
  return new Float64Array([
    cr * a00 - sr * a10,
    cr * a01 - sr * a11,
    cr * a02 - sr * a12,
    sr * a00 + cr * a10,
    sr * a01 + cr * a11,
    sr * a02 + cr * a12,
    a20,
    a21,
    a22,
  ]);
}

/**
 * Checks `camera` and resolves defaults for an output image of `width × height`.
 *
 * @example
 * ```ts
 * const cam = resolveCamera({ distance: 60, focalLength: 500 }, 112, 112);
 * console.log(cam.cx, cam.cy); // 56 56
 * ```
 */
export function resolveCamera(camera: CameraParams, width: number, height: number): ResolvedCamera {
  assertArgument(camera !== null && typeof camera === 'object', 'camera must be an object');
  const distance = finite(camera.distance, 'camera.distance');
  const focalLength = finite(camera.focalLength, 'camera.focalLength');
  assertArgument(focalLength > 0, `camera.focalLength must be > 0, got ${focalLength}`);
  const near = camera.near === undefined ? 1e-3 : finite(camera.near, 'camera.near');
  assertArgument(near > 0, `camera.near must be > 0, got ${near}`);
  assertArgument(distance > near, `camera.distance must exceed near (${near}), got ${distance}`);
  let cx = width / 2;
  let cy = height / 2;
  if (camera.principalPoint !== undefined) {
    const pp = camera.principalPoint;
    assertArgument(Array.isArray(pp) && pp.length === 2, 'camera.principalPoint must be [x, y]');
    cx = finite(pp[0], 'camera.principalPoint[0]');
    cy = finite(pp[1], 'camera.principalPoint[1]');
  }
  return {
    rotation: rotationMatrix(camera.yaw ?? 0, camera.pitch ?? 0, camera.roll ?? 0),
    pivot: vec3(camera.pivot, 'camera.pivot'),
    offset: vec3(camera.offset, 'camera.offset'),
    distance,
    focalLength,
    cx,
    cy,
    near,
  };
}

/**
 * The focal length in pixels that gives a horizontal field of view of `fovDeg` over `width` pixels.
 *
 * @example
 * ```ts
 * focalLengthFromFov(90, 112); // 56
 * ```
 */
export function focalLengthFromFov(fovDeg: number, width: number): number {
  finite(fovDeg, 'fovDeg');
  finite(width, 'width');
  assertArgument(fovDeg > 0 && fovDeg < 180, `fovDeg must be in (0, 180), got ${fovDeg}`);
  assertArgument(width > 0, `width must be > 0, got ${width}`);
  return width / 2 / Math.tan((fovDeg * DEG) / 2);
}

/**
 * Options of {@link cameraToFit}.
 *
 * @example
 * ```ts
 * declare const mesh: TriangleMesh;
 * const camera = cameraToFit(mesh, 112, 112, { fovDeg: 15, fill: 1 } satisfies FitOptions);
 * ```
 */
export interface FitOptions {
  /** Horizontal field of view in degrees; default 20. */
  fovDeg?: number;
  /** Fraction of the smaller image side the mesh's bounding sphere spans; default 0.9. */
  fill?: number;
}

/**
 * A frontal camera that centres `mesh` (its bounding-box centre becomes the pivot) and frames
 * its bounding sphere to `fill` of the smaller image side; add yaw/pitch/roll to the result.
 *
 * @example
 * ```ts
 * declare const mesh: TriangleMesh;
 * const camera = { ...cameraToFit(mesh, 112, 112), yaw: 25 };
 * ```
 */
export function cameraToFit(
  mesh: TriangleMesh,
  width: number,
  height: number,
  options: FitOptions = {},
): CameraParams {
  assertObject(mesh, 'mesh');
  const p = mesh.positions;
  assertArgument(
    p instanceof Float32Array && p.length >= 3 && p.length % 3 === 0,
    'mesh.positions must hold at least one xyz',
  );
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = p[i + k];
      assertArgument(Number.isFinite(v), `mesh.positions[${i + k}] must be finite, got ${v}`);
      if (v < lo[k]) lo[k] = v;
      if (v > hi[k]) hi[k] = v;
    }
  }
  const pivot: Readonly<Vec3> = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  const radius = Math.max(1e-6, Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2);
  const fill = options.fill ?? 0.9;
  assertArgument(fill > 0 && Number.isFinite(fill), `fill must be > 0, got ${fill}`);
  const focalLength = focalLengthFromFov(options.fovDeg ?? 20, width);
  const half = (Math.min(width, height) * fill) / 2;
  // A sphere of radius r at distance d projects to a disc of radius f·r/sqrt(d² − r²).
  const distance = radius * Math.sqrt(1 + (focalLength / half) ** 2);
  return { pivot, distance, focalLength };
}

/**
 * Projects points through `camera` into an output image of `width × height`: x and y in pixels
 * (y down, pixel centres at +0.5, as the rasterizer samples them) and the depth along the
 * optical axis, three numbers per point. Points nearer than the near plane get NaN for x and y.
 * Useful for 2D landmark targets and for placing occluders over the face.
 *
 * @example
 * ```ts
 * declare const frame: HeadFrame;
 * declare const camera: CameraParams;
 * const xyd = projectPoints(frame.landmarks, camera, 112, 112);
 * const noseTip = [xyd[3], xyd[4]];
 * ```
 */
export function projectPoints(
  positions: Float32Array,
  camera: CameraParams,
  width: number,
  height: number,
  out?: Float32Array,
): Float32Array {
  assertArgument(
    positions instanceof Float32Array,
    `positions must be a Float32Array of x y z triples, got ${describeValue(positions)}`,
  );
  assertArgument(
    positions.length % 3 === 0,
    `positions must hold x y z triples, got length ${positions.length}`,
  );
  out ??= new Float32Array(positions.length);
  assertArgument(
    out.length >= positions.length,
    `out must hold ${positions.length} numbers, got ${out.length}`,
  );
  const cam = resolveCamera(camera, width, height);
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = cam.rotation;
  const [px, py, pz] = cam.pivot;
  const [ox, oy, oz] = cam.offset;
  const f = cam.focalLength;
  for (let k = 0; k < positions.length; k += 3) {
    const x = positions[k] - px;
    const y = positions[k + 1] - py;
    const z = positions[k + 2] - pz;
    const d = cam.distance - (r20 * x + r21 * y + r22 * z + oz);
    out[k + 2] = d;
    if (d < cam.near) {
      out[k] = NaN;
      out[k + 1] = NaN;
    } else {
      out[k] = cam.cx + (f * (r00 * x + r01 * y + r02 * z + ox)) / d;
      out[k + 1] = cam.cy - (f * (r10 * x + r11 * y + r12 * z + oy)) / d;
    }
  }
  return out;
}
