/**
 * The cartoon's head: a big round skull with a small chin and chubby cheeks, a button nose,
 * ears, a hair cap with a fringe, neck and shoulders, and the deformation field its controls
 * apply to the skin (jaw drop, cheek squash and puff, smile, sneer).
 */
import type { RigState } from './geometry.js';
import {
  control,
  direction,
  gridPart,
  mixColor,
  smooth,
  type PartShape,
  type Vec3,
} from './geometry.js';
import type { ToonControl } from './toon-rig.js';

type State = RigState<ToonControl>;

/** Where the cartoon's features sit (cm; x to the character's left, y up, z forward). */
export const TOON = {
  center: [0, 1.5, -1] as Vec3,
  radii: [8.4, 9.2, 8.2] as Vec3,
  eyeX: 3.05,
  eyeY: 1.2,
  /** Eyeball semi-axes before the outward yaw. */
  eyeRadii: [1.75, 2.2, 1.5] as Vec3,
  mouthY: -3.9,
  noseY: -1.2,
  browY: 4.75,
  skin: [1.0, 0.8, 0.66] as Vec3,
  blush: [1.0, 0.56, 0.55] as Vec3,
  hair: [0.86, 0.36, 0.12] as Vec3,
  shirt: [0.18, 0.62, 0.6] as Vec3,
} as const;

const SKIN = { specular: 0.12, shininess: 14, subsurface: 0.5 };

/** The neutral skull surface point at latitude/longitude about the head centre. */
export function headPoint(lat: number, lon: number, inflate = 0): Vec3 {
  const d = direction(lat, lon);
  const [cx, cy, cz] = TOON.center;
  const [rx, ry, rz] = TOON.radii;
  let x = d[0] * (rx + inflate);
  const y = d[1] * (ry + inflate);
  let z = d[2] * (rz + inflate);
  // Small chin: narrow and flatten the lower half towards the bottom.
  const low = smooth(-0.1, -1, d[1]);
  x *= 1 - 0.3 * low;
  z *= 1 - 0.12 * low;
  // Chubby cheeks.
  const cheek = smooth(0.65, 0.15, Math.abs(d[1] + 0.35)) * smooth(-0.2, 0.6, d[2]);
  x *= 1 + 0.05 * cheek;
  z += 0.5 * cheek * d[2];
  return [cx + x, cy + y, cz + z];
}

function bump(p: Vec3, c: readonly number[], radius: number): number {
  const d = Math.hypot(p[0] - c[0], p[1] - c[1], (p[2] - c[2]) * 0.6);
  return smooth(radius, 0, d);
}

/** Displacement the rig applies to a skin point `p` of the neutral head. */
export function faceField(p: Vec3, state: State): Vec3 {
  const out: Vec3 = [0, 0, 0];
  const front = smooth(-2, 3, p[2]);
  const open = control(state, 'mouthOpen');
  if (open !== 0) {
    const jaw =
      smooth(TOON.mouthY + 0.3, TOON.mouthY - 1.6, p[1]) * front * smooth(7, 4.5, Math.abs(p[0]));
    out[1] -= 1.5 * jaw * open;
    out[2] -= 0.3 * jaw * open;
  }
  for (const side of [1, -1]) {
    const sx = side * 4.3;
    const cheekHigh = bump(p, [sx, TOON.mouthY + 2.2, 5], 3.4) * front;
    const cheekLow = bump(p, [sx, TOON.mouthY + 0.6, 5], 3.6) * front;
    const squash = control(state, 'cheekSquash') + 0.35 * control(state, 'smile');
    const smirk = control(state, side > 0 ? 'smirkL' : 'smirkR');
    out[1] += 0.7 * cheekHigh * (squash + 0.35 * smirk);
    out[2] += 0.35 * cheekHigh * (squash + 0.35 * smirk);
    const puff = control(state, 'puff');
    out[0] += side * 1.5 * cheekLow * puff;
    out[2] += 1.0 * cheekLow * puff;
  }
  const sneer = control(state, 'sneer');
  if (sneer !== 0) out[1] += 0.3 * bump(p, [0, TOON.noseY, 7], 2.2) * front * sneer;
  return out;
}

function skinColor(p: Vec3): Vec3 {
  let blush = 0;
  for (const side of [1, -1])
    blush = Math.max(
      blush,
      smooth(2.2, 0.4, Math.hypot(p[0] - side * 4.6, p[1] - (TOON.mouthY + 1.5))),
    );
  return mixColor(TOON.skin, TOON.blush, 0.55 * blush * smooth(2, 5, p[2]));
}

const HEAD_ROWS = 56;
const HEAD_COLS = 72;
const latOf = (v: number): number => Math.PI / 2 - v * Math.PI;
const lonOf = (u: number): number => u * 2 * Math.PI;

/** The skin of the head. */
export function toonHead(): PartShape<ToonControl> {
  return gridPart<ToonControl>({
    name: 'head',
    material: SKIN,
    rows: HEAD_ROWS,
    cols: HEAD_COLS,
    wrap: true,
    color: (u, v) => skinColor(headPoint(latOf(v), lonOf(u))),
    shape: (state) => (u, v) => {
      const p = headPoint(latOf(v), lonOf(u));
      const d = faceField(p, state);
      return [p[0] + d[0], p[1] + d[1], p[2] + d[2]];
    },
  });
}

/** The neutral head mesh positions and triangles (for the height field). */
export function neutralHeadMesh(): { positions: Float32Array; indices: Uint32Array } {
  const head = toonHead();
  return { positions: head.positions({}), indices: head.indices };
}

/** Hairline latitude at a longitude: low at the sides and back, a scalloped fringe in front. */
function hairline(lon: number): number {
  const front = 0.5 + 0.5 * Math.cos(lon);
  const base = -0.55 + 1.35 * front ** 0.7;
  const fringe = 0.14 * Math.abs(Math.sin(4.5 * lon)) * front ** 4;
  return base - fringe;
}

/** The hair cap: a shell over the skull down to the hairline, fuller on top. */
export function toonHair(): PartShape<ToonControl> {
  const point = (u: number, v: number): Vec3 => {
    const lon = lonOf(u);
    const lat = Math.PI / 2 - v * (Math.PI / 2 - hairline(lon));
    const lift = 0.35 + 1.1 * Math.max(0, Math.sin(lat)) ** 2;
    return headPoint(lat, lon, lift * (1 - 0.6 * v ** 4));
  };
  return gridPart<ToonControl>({
    name: 'hair',
    material: { specular: 0.3, shininess: 16, subsurface: 0.2 },
    rows: 20,
    cols: 72,
    wrap: true,
    color: (u, v) =>
      mixColor(
        mixColor(TOON.hair, [1, 0.62, 0.3], 0.3 * Math.sin(u * 90) ** 8 * (1 - v)),
        [0.55, 0.2, 0.06],
        smooth(0.8, 1, v),
      ),
    shape: () => point,
  });
}

/** An ellipsoid part around `center` with semi-axes `radii`, moved by `move(state)`. */
function ellipsoid(
  name: string,
  center: Vec3,
  radii: Vec3,
  color: (d: Vec3) => Vec3,
  move: (state: State) => Vec3 = () => [0, 0, 0],
  rows = 12,
  cols = 20,
): PartShape<ToonControl> {
  const at = (u: number, v: number): Vec3 => direction(latOf(v), lonOf(u));
  return gridPart<ToonControl>({
    name,
    material: SKIN,
    rows,
    cols,
    wrap: true,
    color: (u, v) => color(at(u, v)),
    shape: (state) => {
      const m = move(state);
      return (u, v) => {
        const d = at(u, v);
        return [
          center[0] + radii[0] * d[0] + m[0],
          center[1] + radii[1] * d[1] + m[1],
          center[2] + radii[2] * d[2] + m[2],
        ];
      };
    },
  });
}

/** Button nose, ears, neck and shoulders. */
export function toonBodyParts(surface: (x: number, y: number) => number): PartShape<ToonControl>[] {
  const noseZ = surface(0, TOON.noseY) - 0.2;
  const nose = ellipsoid(
    'nose',
    [0, TOON.noseY, noseZ],
    [0.7, 0.55, 0.65],
    (d) => mixColor(TOON.skin, TOON.blush, 0.35 + 0.2 * Math.max(0, d[2])),
    (state) => [0, 0.35 * control(state, 'sneer') + 0.1 * control(state, 'smile'), 0],
  );
  const ears = [1, -1].map((side) =>
    ellipsoid(side > 0 ? 'earLeft' : 'earRight', [side * 8.0, 0.6, -1.4], [1.1, 2.0, 1.2], (d) =>
      mixColor(TOON.skin, TOON.blush, 0.4 * Math.max(0, d[0] * side)),
    ),
  );
  const neck = gridPart<ToonControl>({
    name: 'neck',
    material: SKIN,
    rows: 4,
    cols: 24,
    wrap: true,
    color: (_u, v) => mixColor(TOON.skin, [0.85, 0.62, 0.52], 0.5 * v),
    shape: () => (u, v) => {
      const lon = lonOf(u);
      return [2.9 * Math.sin(lon), -4 - 9 * v, -1.6 + 2.6 * Math.cos(lon)];
    },
  });
  const shoulders = ellipsoid(
    'shoulders',
    [0, -15.5, -1.6],
    [10.5, 4.2, 5.5],
    (d) => mixColor(TOON.shirt, [0.1, 0.4, 0.4], smooth(0.6, 1, Math.abs(d[0]))),
    () => [0, 0, 0],
    16,
    32,
  );
  return [nose, ...ears, neck, shoulders];
}
