/**
 * The robot's parts: a rounded-box head with a face screen, glowing visor-eye glyphs and an LED
 * mouth drawn on the screen, a hinged jaw over a glowing mouth cavity, ears, an antenna, neck
 * and shoulders.
 */
import {
  control,
  doubleSided,
  gridPart,
  mixColor,
  rotateX,
  smooth,
  type PartShape,
  type RigState,
  type Vec3,
} from './geometry.js';
import type { RobotControl } from './robot-rig.js';

type State = RigState<RobotControl>;
type Part = PartShape<RobotControl>;

const spow = (v: number, e: number): number => Math.sign(v) * Math.abs(v) ** e;

/** Layout of the robot (cm; x to the robot's left, y up, z forward). */
export const ROBOT = {
  head: { center: [0, 2.5, -1] as Vec3, radii: [8.2, 7.2, 7.0] as Vec3, power: 4 },
  screen: { center: [0, 2.4] as const, half: [6.3, 4.9] as const },
  eyes: { x: 3.0, y: 3.4, radii: [1.45, 1.75] as const },
  mouth: { y: -0.6, halfWidth: 2.3 },
  plate: [0.86, 0.88, 0.9] as Vec3,
  accent: [0.96, 0.55, 0.14] as Vec3,
  glow: [0.35, 0.95, 1.0] as Vec3,
  core: [0.88, 1.0, 1.0] as Vec3,
} as const;

const PLATE = { specular: 0.55, shininess: 36, subsurface: 0 };
const GLOW = { specular: 0, shininess: 8, subsurface: 1 };

/** A superellipsoid (rounded box) with the given exponent, latitude/longitude parametrised. */
function superPoint(
  center: readonly number[],
  radii: readonly number[],
  n: number,
  lat: number,
  lon: number,
): Vec3 {
  const e = 2 / n;
  const cl = Math.cos(lat);
  return [
    center[0] + radii[0] * spow(cl, e) * spow(Math.sin(lon), e),
    center[1] + radii[1] * spow(Math.sin(lat), e),
    center[2] + radii[2] * spow(cl, e) * spow(Math.cos(lon), e),
  ];
}

function superPart(
  name: string,
  center: Vec3,
  radii: Vec3,
  n: number,
  color: (p: Vec3) => Vec3,
  move: (p: Vec3, state: State) => Vec3 = (p) => p,
  material = PLATE,
  rows = 40,
  cols = 64,
): Part {
  const at = (u: number, v: number): Vec3 =>
    superPoint(center, radii, n, Math.PI / 2 - v * Math.PI, u * 2 * Math.PI);
  return gridPart<RobotControl>({
    name,
    material,
    rows,
    cols,
    wrap: true,
    color: (u, v) => color(at(u, v)),
    shape: (state) => (u, v) => move(at(u, v), state),
  });
}

/** z of the head's front surface at (x, y). */
export function robotFront(x: number, y: number): number {
  const { center, radii, power } = ROBOT.head;
  const s =
    1 -
    Math.abs((x - center[0]) / radii[0]) ** power -
    Math.abs((y - center[1]) / radii[1]) ** power;
  return center[2] + radii[2] * Math.max(0, s) ** (1 / power);
}

/** A polar-grid patch on the head's front: `outline(φ)` is its rim, `lift` its height above. */
function frontPatch(
  name: string,
  material: typeof PLATE,
  rows: number,
  color: (r: number, phi: number) => Vec3,
  point: (r: number, phi: number, state: State) => [number, number],
  lift: number,
): Part {
  return gridPart<RobotControl>({
    name,
    material,
    rows,
    cols: 48,
    wrap: true,
    color: (u, v) => color(v, u * 2 * Math.PI),
    shape: (state) => (u, v) => {
      const [x, y] = point(v, u * 2 * Math.PI, state);
      return [x, y, robotFront(x, y) + lift];
    },
  });
}

function screenOutline(phi: number, grow: number): [number, number] {
  const { center, half } = ROBOT.screen;
  return [
    center[0] + (half[0] + grow) * spow(Math.cos(phi), 0.3),
    center[1] + (half[1] + grow) * spow(Math.sin(phi), 0.3),
  ];
}

/** Head shell, screen and bezel. */
export function robotHead(): Part[] {
  const { center, radii, power } = ROBOT.head;
  const shell = superPart('head', center, radii, power, (p) =>
    Math.abs(p[0]) < 1.1 && p[1] > 7.5 ? ROBOT.accent : ROBOT.plate,
  );
  const screen = frontPatch(
    'screen',
    { specular: 0.8, shininess: 60, subsurface: 0 },
    6,
    (r) => mixColor([0.05, 0.09, 0.15], [0.02, 0.03, 0.06], r),
    (r, phi) => {
      const [x, y] = screenOutline(phi, 0);
      const { center: c } = ROBOT.screen;
      return [c[0] + r * (x - c[0]), c[1] + r * (y - c[1])];
    },
    0.1,
  );
  const bezel = frontPatch(
    'bezel',
    PLATE,
    2,
    () => [0.3, 0.32, 0.36],
    (r, phi) => screenOutline(phi, -0.05 + 0.45 * r),
    0.14,
  );
  return [shell, screen, bezel];
}

/** A visor eye glyph for the robot's `side` (+1 left, −1 right). */
function eyeGlyph(side: number): Part {
  const { x: ex, y: ey, radii } = ROBOT.eyes;
  return frontPatch(
    side > 0 ? 'eyeLeft' : 'eyeRight',
    GLOW,
    6,
    (r) => mixColor(ROBOT.core, ROBOT.glow, smooth(0.3, 0.8, r)),
    (r, phi, state) => {
      let X = r * Math.cos(phi);
      let Y = r * Math.sin(phi);
      const k = (name: RobotControl): number => control(state, name);
      const wide = 1 + 0.3 * k('eyesWide');
      X *= wide;
      Y *= wide * (1 - 0.88 * k('blink'));
      const happy = k('eyesHappy');
      Y = (1 - happy) * Y + happy * (0.5 * Y + 0.75 * (1 - X * X) - 0.4);
      const inner = -side * X;
      Y = Y * (1 - 0.35 * k('eyesAngry')) - 0.5 * k('eyesAngry') * inner;
      Y = Y * (1 - 0.3 * k('eyesSad')) + 0.5 * k('eyesSad') * inner - 0.15 * k('eyesSad');
      const cx = side * ex + 1.3 * (k('lookLeft') - k('lookRight'));
      return [cx + radii[0] * X, ey + radii[1] * Y];
    },
    0.18,
  );
}

/** One lip of the LED mouth: its centre line at s ∈ [−1, 1] in a rig state. */
function mouthLine(s: number, upper: boolean, state: State): [number, number] {
  const k = (name: RobotControl): number => control(state, name);
  const w = ROBOT.mouth.halfWidth * (1 + 0.1 * k('mouthSmile') - 0.05 * k('jawDrop'));
  const sign = upper ? 1 : -1;
  let x = w * s;
  let y = 0.12 * sign;
  y += 0.85 * k('mouthSmile') * s * s - 0.75 * k('mouthFrown') * s * s;
  y += (upper ? 0.15 : -1.5) * k('jawDrop') * (1 - s ** 4);
  // Round: each lip becomes half of a ring of radius 0.9.
  const a = (Math.PI / 2) * s;
  const round = k('mouthRound');
  x = (1 - round) * x + round * 0.9 * Math.sin(a);
  y = (1 - round) * y + round * 0.9 * sign * Math.cos(a);
  return [x, ROBOT.mouth.y + y];
}

function mouthLip(upper: boolean): Part {
  return gridPart<RobotControl>({
    name: upper ? 'mouthUpper' : 'mouthLower',
    material: GLOW,
    rows: 2,
    cols: 32,
    flip: upper,
    color: (_u, v) => mixColor(ROBOT.glow, ROBOT.core, 1 - Math.abs(2 * v - 1)),
    shape: (state) => (u, v) => {
      const s = 2 * u - 1;
      const [x, y] = mouthLine(s, upper, state);
      const [x0, y0] = mouthLine(Math.max(-1, s - 0.01), upper, state);
      const [x1, y1] = mouthLine(Math.min(1, s + 0.01), upper, state);
      const len = Math.hypot(x1 - x0, y1 - y0) || 1;
      // Normal pointing away from the other lip (up for the upper lip).
      const nx = ((upper ? -1 : 1) * (y1 - y0)) / len;
      const ny = ((upper ? 1 : -1) * (x1 - x0)) / len;
      const t = 0.3 * (v - 0.5);
      const px = x + nx * t;
      const py = y + ny * t;
      return [px, py, robotFront(px, py) + 0.18];
    },
  });
}

/** Eye glyphs and LED mouth, double-sided so that blends that turn a glyph over still show it. */
export function robotFace(): Part[] {
  return [eyeGlyph(1), eyeGlyph(-1), mouthLip(true), mouthLip(false)].map((p) => doubleSided(p));
}

const HINGE: Vec3 = [0, -4.3, -4.0];

/** The hinged jaw and the glowing cavity it uncovers. */
export function robotJaw(): Part[] {
  const jaw = superPart(
    'jaw',
    [0, -5.5, 0.2],
    [6.4, 2.1, 5.6],
    4,
    (p) => (p[2] > 4.5 && Math.abs(p[1] + 5.5) < 0.35 ? ROBOT.accent : [0.62, 0.65, 0.7]),
    (p, state) => rotateX(p, HINGE, -0.4 * control(state, 'jawDrop')),
    PLATE,
    24,
    48,
  );
  const cavity = superPart(
    'cavity',
    [0, -4.4, -0.2],
    [6.0, 1.5, 5.3],
    4,
    (p) => mixColor([0.04, 0.03, 0.05], [1.0, 0.45, 0.12], smooth(2, 5.2, p[2]) * 0.7),
    (p) => p,
    { specular: 0, shininess: 8, subsurface: 0.5 },
    12,
    32,
  );
  return [jaw, cavity];
}

/** Ears, antenna, neck and shoulders. */
export function robotBody(): Part[] {
  const ears = [1, -1].map((side) =>
    superPart(
      side > 0 ? 'earLeft' : 'earRight',
      [side * 8.2, 2.2, -1.2],
      [0.9, 2.1, 2.1],
      2.6,
      (p) => (Math.abs(p[0]) > 8.8 ? [0.42, 0.44, 0.5] : ROBOT.accent),
      undefined,
      PLATE,
      16,
      24,
    ),
  );
  const antennaMove = (p: Vec3, state: State): Vec3 => {
    const t = smooth(9.8, 12.6, p[1]);
    return [p[0], p[1] + 2.2 * t * control(state, 'antennaUp'), p[2]];
  };
  const stalk = gridPart<RobotControl>({
    name: 'antenna',
    material: PLATE,
    rows: 2,
    cols: 12,
    wrap: true,
    color: () => [0.42, 0.44, 0.5],
    shape: (state) => (u, v) => {
      const a = u * 2 * Math.PI;
      return antennaMove([0.22 * Math.sin(a), 12.6 - 3.4 * v, -1.5 + 0.22 * Math.cos(a)], state);
    },
  });
  const tip = superPart(
    'antennaTip',
    [0, 13.2, -1.5],
    [0.75, 0.75, 0.75],
    2,
    () => [1, 0.28, 0.22],
    antennaMove,
    GLOW,
    10,
    16,
  );
  const neck = gridPart<RobotControl>({
    name: 'neck',
    material: PLATE,
    rows: 12,
    cols: 24,
    wrap: true,
    color: (_u, v) => (Math.round(v * 12) % 2 === 0 ? [0.38, 0.4, 0.45] : [0.55, 0.57, 0.62]),
    shape: () => (u, v) => {
      const a = u * 2 * Math.PI;
      return [2.6 * Math.sin(a), -5 - 7 * v, -1.5 + 2.6 * Math.cos(a)];
    },
  });
  const shoulders = superPart(
    'shoulders',
    [0, -15, -1.5],
    [10, 3.8, 5.5],
    3,
    (p) => (Math.abs(p[0]) < 1.4 && p[2] > 2 ? ROBOT.accent : ROBOT.plate),
    undefined,
    PLATE,
    20,
    40,
  );
  return [...ears, stalk, tip, neck, shoulders];
}
