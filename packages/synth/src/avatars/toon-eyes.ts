/**
 * The cartoon's big eyes (eyeballs with a large iris), eyelid shells that close over them, and
 * thick brows laid on the forehead.
 */
import {
  control,
  direction,
  gridPart,
  mix,
  mixColor,
  rotateX,
  rotateY,
  smooth,
  type PartShape,
  type RigState,
  type Vec3,
} from './geometry.js';
import type { HeightField } from './height-field.js';
import { TOON } from './toon-head.js';
import type { ToonControl } from './toon-rig.js';

type State = RigState<ToonControl>;
const DEG = Math.PI / 180;
const YAW = 0.16;
const ORIGIN: Vec3 = [0, 0, 0];

/** Eye-local unit-sphere point → head space, for the eye on `side` (+1 left, −1 right). */
function eyeSpace(q: Vec3, side: number, center: Vec3): Vec3 {
  const [a, b, c] = TOON.eyeRadii;
  const r = rotateY([q[0] * a, q[1] * b, q[2] * c], ORIGIN, side * YAW);
  return [center[0] + r[0], center[1] + r[1], center[2] + r[2]];
}

/** Polar angles (from the gaze axis) of the eyeball's rings: dense at pupil and iris edges. */
const RINGS = [
  0,
  0.14,
  0.26,
  0.29,
  0.4,
  0.5,
  0.57,
  0.6,
  0.66,
  0.8,
  1.0,
  1.25,
  1.55,
  1.9,
  2.3,
  2.75,
  Math.PI,
];

function eyeballColor(alpha: number, iris: Vec3): Vec3 {
  if (alpha < 0.27) return [0.03, 0.03, 0.05];
  if (alpha < 0.58) return mixColor(iris, [0.05, 0.1, 0.2], smooth(0.3, 0.58, alpha) * 0.7);
  if (alpha < 0.62) return [0.08, 0.12, 0.2];
  return [0.97, 0.97, 0.98];
}

function eyeball(side: number, center: Vec3): PartShape<ToonControl> {
  const iris: Vec3 = [0.22, 0.62, 0.32];
  const rows = RINGS.length - 1;
  const alphaOf = (v: number): number => RINGS[Math.round(v * rows)];
  return gridPart<ToonControl>({
    name: side > 0 ? 'eyeLeft' : 'eyeRight',
    material: { specular: 0.9, shininess: 80, subsurface: 0.05 },
    rows,
    cols: 36,
    wrap: true,
    color: (_u, v) => eyeballColor(alphaOf(v), iris),
    shape: (state) => {
      const yaw = 0.42 * (control(state, 'lookLeft') - control(state, 'lookRight'));
      const pitch = 0.36 * (control(state, 'lookDown') - control(state, 'lookUp'));
      // Closing lids sweep over the eye; the eyeball sinks a little so that the lids' linear
      // in-between stays in front of it.
      const sink = 0.28 * (control(state, 'blink') + control(state, side > 0 ? 'winkL' : 'winkR'));
      return (u, v) => {
        const a = alphaOf(v);
        const b = u * 2 * Math.PI;
        let q: Vec3 = [Math.sin(a) * Math.cos(b), Math.sin(a) * Math.sin(b), Math.cos(a)];
        q = rotateX(rotateY(q, ORIGIN, yaw), ORIGIN, pitch);
        q[2] -= sink;
        return eyeSpace(q, side, center);
      };
    },
  });
}

/** A small white glint on the eyeball that turns with the gaze. */
function glint(side: number, center: Vec3): PartShape<ToonControl> {
  const at: Vec3 = [-0.38, 0.42, 0.82];
  const n = Math.hypot(...at);
  const dir: Vec3 = [at[0] / n, at[1] / n, at[2] / n];
  // Two unit vectors across the glint.
  const ex: Vec3 = [dir[2], 0, -dir[0]];
  const el = Math.hypot(...ex);
  ex[0] /= el;
  ex[2] /= el;
  const ey: Vec3 = [
    dir[1] * ex[2] - dir[2] * ex[1],
    dir[2] * ex[0] - dir[0] * ex[2],
    dir[0] * ex[1] - dir[1] * ex[0],
  ];
  return gridPart<ToonControl>({
    name: side > 0 ? 'glintLeft' : 'glintRight',
    material: { specular: 0, shininess: 8, subsurface: 1 },
    rows: 2,
    cols: 12,
    wrap: true,
    color: () => [1, 1, 1],
    shape: (state) => {
      const yaw = 0.42 * (control(state, 'lookLeft') - control(state, 'lookRight'));
      const pitch = 0.36 * (control(state, 'lookDown') - control(state, 'lookUp'));
      const sink = 0.28 * (control(state, 'blink') + control(state, side > 0 ? 'winkL' : 'winkR'));
      return (u, v) => {
        const a = u * 2 * Math.PI;
        const r = 0.13 * v;
        let q: Vec3 = [
          1.01 * dir[0] + r * (Math.cos(a) * ex[0] + Math.sin(a) * ey[0]),
          1.01 * dir[1] + r * (Math.cos(a) * ex[1] + Math.sin(a) * ey[1]),
          1.01 * dir[2] + r * (Math.cos(a) * ex[2] + Math.sin(a) * ey[2]),
        ];
        q = rotateX(rotateY(q, ORIGIN, yaw), ORIGIN, pitch);
        q[2] -= sink;
        return eyeSpace(q, side, center);
      };
    },
  });
}

/** Latitude of the upper lid's edge at longitude `lon` (radians) for the eye on `side`. */
function upperEdge(lon: number, side: number, state: State): number {
  const closed = control(state, 'blink') + control(state, side > 0 ? 'winkL' : 'winkR');
  const inner = Math.min(1, Math.max(0, (-side * lon) / (90 * DEG)));
  const outer = Math.min(1, Math.max(0, (side * lon) / (90 * DEG)));
  return (
    (50 +
      closed * (-4 - 50) +
      12 * control(state, 'eyesWide') +
      10 * control(state, 'lookUp') -
      16 * control(state, 'lookDown') -
      control(state, 'browAngry') * (6 + 22 * inner) -
      control(state, 'browSad') * (4 + 20 * outer) -
      8 * control(state, 'cheekSquash')) *
    DEG
  );
}

function lowerEdge(side: number, state: State): number {
  const closed = control(state, 'blink') + control(state, side > 0 ? 'winkL' : 'winkR');
  return (
    (-46 +
      closed * (-6 + 46) +
      30 * control(state, 'cheekSquash') +
      10 * control(state, 'smile') -
      6 * control(state, 'eyesWide') -
      6 * control(state, 'lookDown')) *
    DEG
  );
}

const LID_SPAN = 110 * DEG;
/** Lid shell radii relative to the eyeball. */
const UPPER_LID = 1.07;
const LOWER_LID = 1.045;
const lidLon = (u: number): number => -LID_SPAN + 2 * LID_SPAN * u;
const LID_SKIN = mixColor(TOON.skin, [0.95, 0.66, 0.58], 0.45);
const LASH: Vec3 = [0.1, 0.05, 0.06];

function lids(side: number, center: Vec3): PartShape<ToonControl>[] {
  const material = { specular: 0.15, shininess: 14, subsurface: 0.45 };
  const upper = gridPart<ToonControl>({
    name: side > 0 ? 'lidUpperLeft' : 'lidUpperRight',
    material,
    rows: 14,
    cols: 28,
    color: (_u, v) => (v > 0.8 ? LASH : mixColor(TOON.skin, LID_SKIN, v)),
    shape: (state) => (u, v) => {
      const lon = lidLon(u);
      const edge = upperEdge(lon, side, state);
      const t = 1 - (1 - v) ** 1.5;
      const d = direction(mix(Math.PI / 2, edge, t), lon);
      return eyeSpace([d[0] * UPPER_LID, d[1] * UPPER_LID, d[2] * UPPER_LID], side, center);
    },
  });
  const lower = gridPart<ToonControl>({
    name: side > 0 ? 'lidLowerLeft' : 'lidLowerRight',
    material,
    rows: 8,
    cols: 28,
    color: (_u, v) => (v < 0.13 ? [0.78, 0.5, 0.46] : TOON.skin),
    shape: (state) => (u, v) => {
      const lon = lidLon(u);
      const edge = lowerEdge(side, state);
      const d = direction(mix(edge, -Math.PI / 2, v ** 1.3), lon);
      return eyeSpace([d[0] * LOWER_LID, d[1] * LOWER_LID, d[2] * LOWER_LID], side, center);
    },
  });
  return [upper, lower];
}

function brow(side: number, surface: HeightField): PartShape<ToonControl> {
  const color: Vec3 = [0.42, 0.16, 0.05];
  return gridPart<ToonControl>({
    name: side > 0 ? 'browLeft' : 'browRight',
    material: { specular: 0.05, shininess: 8, subsurface: 0.1 },
    rows: 16,
    cols: 12,
    wrap: true,
    flip: side > 0,
    color: () => color,
    shape: (state) => {
      const up = control(state, 'browsUp');
      const angry = control(state, 'browAngry');
      const sad = control(state, 'browSad');
      return (u, s) => {
        const theta = u * 2 * Math.PI;
        const x = side * (1.1 + 3.7 * s - 0.3 * angry * (1 - s));
        const y =
          TOON.browY +
          0.55 * Math.sin(Math.PI * s ** 0.8) -
          0.25 * s +
          up * (0.9 + 0.25 * Math.sin(Math.PI * s)) +
          angry * (-1.05 * (1 - s) + 0.25 * s) +
          sad * (0.95 * (1 - s) - 0.3 * s);
        const half = 0.5 * (1 - 0.45 * s) * (0.3 + 0.7 * Math.sin(Math.PI * s) ** 0.4);
        const z = surface(x, y) + 0.15;
        return [x, y + half * Math.cos(theta), z + 0.32 * Math.sin(theta)];
      };
    },
  });
}

/** Eyeballs, lids and brows of both eyes. */
export function toonEyes(surface: HeightField): PartShape<ToonControl>[] {
  const parts: PartShape<ToonControl>[] = [];
  for (const side of [1, -1]) {
    const x = side * TOON.eyeX;
    const center: Vec3 = [x, TOON.eyeY, surface(x, TOON.eyeY) - 0.8];
    parts.push(
      eyeball(side, center),
      glint(side, center),
      ...lids(side, center),
      brow(side, surface),
    );
  }
  return parts;
}
