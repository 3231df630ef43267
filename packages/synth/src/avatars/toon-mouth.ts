/**
 * The cartoon's mouth: a lip contour laid on the face whose corners, width and lip heights are
 * set by the rig, filled with a dark interior (upper teeth and tongue painted in) and rimmed by
 * lips. A closed mouth is a lip line.
 */
import {
  control,
  gridPart,
  mix,
  mixColor,
  type PartShape,
  type RigState,
  type Vec3,
} from './geometry.js';
import type { HeightField } from './height-field.js';
import { TOON, faceField } from './toon-head.js';
import type { ToonControl } from './toon-rig.js';

type State = RigState<ToonControl>;

/** The contour: half-widths, corner heights per side, and the upper and lower lip midpoints. */
interface MouthShape {
  wL: number;
  wR: number;
  cL: number;
  cR: number;
  /** Upper lip midpoint height above the mouth line. */
  a: number;
  /** Lower lip midpoint height (≤ a when open). */
  b: number;
}

function mouthShape(state: State): MouthShape {
  const k = (name: ToonControl): number => control(state, name);
  const smile = k('smile');
  const width =
    1.9 + 0.5 * smile + 0.5 * k('ee') - 0.8 * k('ooh') - 0.25 * k('mouthOpen') - 0.3 * k('puff');
  const corner = 0.22 + 0.75 * smile - 0.75 * k('frown') + 0.1 * k('ee') + 0.05 * k('ooh');
  return {
    wL: width + 0.3 * k('smirkL'),
    wR: width + 0.3 * k('smirkR'),
    cL: corner + 0.75 * k('smirkL'),
    cR: corner + 0.75 * k('smirkR'),
    a: 0.08 * smile + 0.15 * k('mouthOpen') + 0.4 * k('ooh') + 0.15 * k('ee') + 0.35 * k('sneer'),
    b: -0.45 * smile - 1.7 * k('mouthOpen') - 0.6 * k('ooh') - 0.45 * k('ee') + 0.05 * k('frown'),
  };
}

/** The contour point at s ∈ [−1, 1] (−1 right corner, 1 left corner) on the upper or lower lip. */
function contour(m: MouthShape, s: number, upper: boolean): [number, number] {
  const w = s >= 0 ? m.wL : m.wR;
  const c = s >= 0 ? m.cL : m.cR;
  const mid = upper ? m.a : m.b;
  const body = (1 - s * s) ** 0.75;
  return [s * w, TOON.mouthY + c * s * s + mid * body];
}

/** A point on the skin at (x, y), moved by the face field of `state`, lifted by `lift`. */
function onSkin(surface: HeightField, state: State, x: number, y: number, lift: number): Vec3 {
  // Features follow the skin's sideways and depth motion; their heights come from the contour.
  const guess = faceField([x, y, surface(x, y)], state);
  const z = surface(x - guess[0], y - guess[1]);
  const d = faceField([x - guess[0], y - guess[1], z], state);
  return [x, y, z + d[2] + lift];
}

const INSIDE: Vec3 = [0.28, 0.06, 0.09];
const TEETH: Vec3 = [0.98, 0.97, 0.93];
const TONGUE: Vec3 = [0.86, 0.36, 0.42];
const LIP: Vec3 = [0.88, 0.42, 0.45];
const LIP_LINE: Vec3 = [0.45, 0.12, 0.16];

/** The mouth interior and the lips. */
export function toonMouth(surface: HeightField): PartShape<ToonControl>[] {
  const interior = gridPart<ToonControl>({
    name: 'mouthInterior',
    material: { specular: 0.2, shininess: 20, subsurface: 0.2 },
    rows: 14,
    cols: 28,
    color: (u, v) => {
      const s = 2 * u - 1;
      if (v < 0.24 && Math.abs(s) < 0.82) return TEETH;
      if (v > 0.7 && Math.abs(s) < 0.6)
        return mixColor(INSIDE, TONGUE, Math.min(1, (v - 0.7) / 0.15));
      return INSIDE;
    },
    shape: (state) => {
      const m = mouthShape(state);
      return (u, v) => {
        const s = 2 * u - 1;
        const [x, yUp] = contour(m, s, true);
        const [, yLow] = contour(m, s, false);
        return onSkin(surface, state, x, mix(yUp, yLow, v), 0.05);
      };
    },
  });
  const cols = 48;
  const lips = gridPart<ToonControl>({
    name: 'lips',
    material: { specular: 0.35, shininess: 30, subsurface: 0.3 },
    rows: 5,
    cols,
    wrap: true,
    flip: true,
    color: (_u, v) => mixColor(LIP_LINE, LIP, Math.min(1, v / 0.35)),
    shape: (state) => {
      const m = mouthShape(state);
      return (u, v) => {
        // First half: the upper lip from the right corner to the left; then the lower lip back.
        const upper = u < 0.5;
        const s = upper ? 4 * u - 1 : 3 - 4 * u;
        const [x, y] = contour(m, s, upper);
        const taper = 0.3 + 0.7 * (1 - s * s) ** 0.5;
        const thick = (upper ? 0.26 : 0.34) * taper;
        const dy = (upper ? 1 : -1) * thick * v;
        const bulge = 0.12 * Math.sin(Math.PI * Math.min(1, v * 1.2)) * taper;
        return onSkin(surface, state, x * (1 + 0.08 * v), y + dy, 0.12 + bulge);
      };
    },
  });
  return [interior, lips];
}
