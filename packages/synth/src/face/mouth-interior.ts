/** The mouth cavity (a dark pocket behind the lips), upper and lower teeth, and the tongue. */
import { RIG_LIMITS } from '../blendshapes/rig.js';
import type { Appearance, Rgb } from './appearance.js';
import type { FaceTemplate, Vec3 } from './face-template.js';
import { FACE_LANDMARKS, LANDMARK } from './landmarks.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

/** Where the mouth sits on a neutral head: centre of the lip opening and the lips' front. */
interface MouthFrame {
  center: Vec3;
  /** z of the upper incisors' front surface. */
  incisorZ: number;
}

function mouthFrame(template: FaceTemplate, neutral: Float32Array): MouthFrame {
  const loop = template.loops.mouth;
  const center: Vec3 = [0, 0, 0];
  for (const v of loop) for (let k = 0; k < 3; k++) center[k] += neutral[3 * v + k] / loop.length;
  const lipZ =
    (neutral[3 * LANDMARK.upperLipCenter + 2] + neutral[3 * LANDMARK.lowerLipCenter + 2]) / 2;
  // Keep the teeth and tongue as far behind the skin in front of them as on the template,
  // whatever the identity's shape: the upper lip (0), the lower lip (17) and below it (18, 200).
  const z = (v: number): number => neutral[3 * v + 2];
  return {
    center,
    incisorZ: Math.min(lipZ - 0.5, z(0) - 1.15, z(17) - 0.7, z(18) - 0.25, z(200) - 0.33),
  };
}

/** The pocket behind the lips, from the inner lip contour back and around. */
function buildCavity(template: FaceTemplate, neutral: Float32Array, frame: MouthFrame): RiggedPart {
  const loop = template.loops.mouth;
  const upper = new Set<number>(FACE_LANDMARKS.lipsUpperInner.slice(1, -1));
  const lower = new Set<number>(FACE_LANDMARKS.lipsLowerInner.slice(1, -1));
  const m = frame.center;
  const depth = [0, 0.35, 1.2, 2.2, 3.0];
  const widen = [1, 1.12, 1.45, 1.45, 1.1];
  const height = [0, 0.35, 1.3, 1.6, 1.2];
  const follow = [1, 0.6, 0.25, 0, 0];
  const jawLower = [0, 0.4, 0.75, 0.9, 0.7];
  const colors: Vec3[] = [
    [0.5, 0.22, 0.23],
    [0.4, 0.15, 0.16],
    [0.22, 0.06, 0.07],
    [0.1, 0.025, 0.03],
    [0.05, 0.012, 0.015],
  ];
  const b = new PartBuilder();
  const rows = depth.map((d, k) =>
    loop.map((v) => {
      const sign = upper.has(v) ? 1 : lower.has(v) ? -1 : 0;
      const p: Vec3 = [neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2]];
      // Each ring lies `d` behind its rim vertex, so the pocket stays behind the cheeks at the corners.
      const q: Vec3 = [m[0] + (p[0] - m[0]) * widen[k], p[1] + sign * height[k], p[2] - d];
      const jaw = sign < 0 ? jawLower[k] : sign === 0 ? jawLower[k] / 2 : 0;
      return b.vertex(q, colors[k], { follow: follow[k] > 0 ? [[v, follow[k]]] : [], jaw });
    }),
  );
  const end = b.vertex([m[0], m[1] - 0.3, m[2] - 3.5], [0.03, 0.008, 0.01], { jaw: 0.5 });
  b.grid(rows, true);
  b.fan(end, rows[rows.length - 1], true);
  return b.build('mouthCavity', { specular: 0.3, shininess: 20, subsurface: 0.1 });
}

/** Tooth widths from the midline back, cm: incisors, canine, premolars, molar. */
const TOOTH_WIDTHS = [0.85, 0.68, 0.78, 0.7, 0.7, 1.0];
/** Visible crown offset per tooth: canines reach lower, back teeth sit higher. */
const TOOTH_EDGE = [0, 0.02, -0.06, 0.08, 0.12, 0.16];

interface ArchColumn {
  x: number;
  z: number;
  /** Unit inward direction (towards the tongue) in xz. */
  inward: [number, number];
  tooth: number;
  boundary: boolean;
}

/** Columns along a dental arch z = front − k·x², placed by arc length across the teeth. */
function archColumns(halfWidth: number, depth: number, front: number): ArchColumn[] {
  const k = depth / (halfWidth * halfWidth);
  // Arc length table of the half arch.
  const steps = 200;
  const xs: number[] = [0];
  const ss: number[] = [0];
  for (let i = 1; i <= steps; i++) {
    const x = (halfWidth * i) / steps;
    const dx = halfWidth / steps;
    const dz = k * (x * x - (x - dx) ** 2);
    xs.push(x);
    ss.push(ss[i - 1] + Math.hypot(dx, dz));
  }
  const total = ss[steps];
  const widths = TOOTH_WIDTHS.map((w) => (w * total) / TOOTH_WIDTHS.reduce((a, c) => a + c, 0));
  const xAt = (s: number): number => {
    let i = 1;
    while (i < steps && ss[i] < s) i++;
    const t = (s - ss[i - 1]) / (ss[i] - ss[i - 1]);
    return xs[i - 1] + t * (xs[i] - xs[i - 1]);
  };
  const half: { s: number; tooth: number; boundary: boolean }[] = [];
  let start = 0;
  widths.forEach((w, tooth) => {
    half.push({ s: start + 0.02, tooth, boundary: true });
    half.push({ s: start + 0.06, tooth, boundary: false });
    half.push({ s: start + w / 2, tooth, boundary: false });
    half.push({ s: start + w - 0.06, tooth, boundary: false });
    start += w;
  });
  half.push({ s: total, tooth: widths.length - 1, boundary: true });
  const column = (sign: number, h: { s: number; tooth: number; boundary: boolean }): ArchColumn => {
    const x = sign * xAt(h.s);
    const z = front - k * x * x;
    // Outward normal of the arch is (2kx, 1) normalised; inward is its negative.
    const nx = 2 * k * x;
    const len = Math.hypot(nx, 1);
    return { x, z, inward: [-nx / len, -1 / len], tooth: h.tooth, boundary: h.boundary };
  };
  return [
    ...half
      .slice()
      .reverse()
      .map((h) => column(-1, h)),
    ...half.slice(1).map((h) => column(1, h)),
  ];
}

function buildTeeth(
  frame: MouthFrame,
  appearance: Appearance,
  which: 'upper' | 'lower',
): RiggedPart {
  const m = frame.center;
  const upperJaw = which === 'upper';
  const dir = upperJaw ? 1 : -1;
  const columns = upperJaw
    ? archColumns(2.3, 2.4, frame.incisorZ)
    : archColumns(2.1, 2.3, frame.incisorZ - 0.14);
  const edgeY = upperJaw ? m[1] - 0.08 : m[1] - 0.02;
  const gum: Rgb = [0.78, 0.42, 0.43];
  const b = new PartBuilder();
  const jaw = upperJaw ? 0 : 1;
  const tooth = (c: ArchColumn, shade: number): Vec3 => {
    const back = Math.min(1, Math.abs(c.x) / 2.2);
    const k = (c.boundary ? 0.62 : 1) * shade * (1 - 0.35 * back);
    return [appearance.teeth[0] * k, appearance.teeth[1] * k, appearance.teeth[2] * k];
  };
  // Rows run across the front from the gum to the biting edge, then back up the inner side.
  const profile: { y: number; inset: number; color: (c: ArchColumn) => Vec3 }[] = [
    { y: 1.45, inset: -0.05, color: () => [...gum] },
    { y: 0.95, inset: -0.02, color: () => [...gum] },
    { y: 0.9, inset: 0, color: (c) => tooth(c, 0.92) },
    { y: 0.35, inset: 0.02, color: (c) => tooth(c, 1) },
    { y: 0, inset: 0.12, color: (c) => tooth(c, 0.95) },
    { y: 0, inset: 0.55, color: (c) => tooth(c, 0.8) },
    { y: 0.9, inset: 0.75, color: () => [gum[0] * 0.8, gum[1] * 0.8, gum[2] * 0.8] },
  ];
  const rows = profile.map((row) =>
    columns.map((c) => {
      const edge = row.y === 0 ? TOOTH_EDGE[c.tooth] * dir : 0;
      const y = edgeY + dir * row.y + edge;
      const p: Vec3 = [c.x + c.inward[0] * row.inset, y, c.z + c.inward[1] * row.inset];
      return b.vertex(p, row.color(c), { jaw });
    }),
  );
  b.grid(rows, false, !upperJaw);
  return b.build(upperJaw ? 'teethUpper' : 'teethLower', {
    specular: 0.6,
    shininess: 60,
    subsurface: 0.15,
  });
}

function buildTongue(frame: MouthFrame): RiggedPart {
  const m = frame.center;
  const a = 1.75;
  const bY = 0.55;
  const c = 2.5;
  const tipZ = frame.incisorZ - 0.5;
  const center: Vec3 = [m[0], m[1] - 0.75, tipZ - c];
  const builder = new PartBuilder();
  const out: number[] = [];
  const rings = 12;
  const around = 20;
  const base: Rgb = [0.72, 0.33, 0.36];
  const point = (theta: number, phi: number): { p: Vec3; color: Vec3; u: number } => {
    // theta from the tip (+z) to the root, phi around the tongue's long axis.
    const lz = Math.cos(theta);
    const taper = 1 - 0.3 * Math.max(0, lz) ** 2;
    let lx = Math.sin(theta) * Math.cos(phi) * taper;
    let ly = Math.sin(theta) * Math.sin(phi) * taper;
    if (ly < 0) ly *= 0.6;
    lx *= 1 - 0.2 * Math.max(0, lz) ** 2;
    const u = (lz + 1) / 2;
    const groove = ly > 0 && Math.abs(lx) < 0.12 ? 0.85 : 1;
    const shade = (0.55 + 0.45 * u) * groove;
    return {
      p: [center[0] + a * lx, center[1] + bY * ly, center[2] + c * lz],
      color: [base[0] * shade, base[1] * shade, base[2] * shade],
      u,
    };
  };
  const add = (theta: number, phi: number): number => {
    const { p, color, u } = point(theta, phi);
    // Sticking out, the front of the tongue rises over the lower teeth and rests on the lower lip.
    out.push(0, 1.1 * u - 0.25 * u ** 4, RIG_LIMITS.tongueOut * (0.4 + 0.6 * u));
    return builder.vertex(p, color, { jaw: 1 });
  };
  const tip = add(0, 0);
  const rows: number[][] = [];
  for (let r = 1; r < rings; r++) {
    const theta = (Math.PI * r) / rings;
    rows.push(Array.from({ length: around }, (_, i) => add(theta, (2 * Math.PI * i) / around)));
  }
  const root = add(Math.PI, 0);
  builder.fan(tip, rows[0]);
  builder.grid(rows, true);
  builder.fan(root, rows[rows.length - 1], true);
  return builder.build(
    'tongue',
    { specular: 0.7, shininess: 40, subsurface: 0.3 },
    { tongueOut: Float32Array.from(out) },
  );
}

/** Builds the cavity, both rows of teeth and the tongue for a neutral head. */
export function buildMouthInterior(
  template: FaceTemplate,
  neutral: Float32Array,
  appearance: Appearance,
): RiggedPart[] {
  const frame = mouthFrame(template, neutral);
  return [
    buildCavity(template, neutral, frame),
    buildTeeth(frame, appearance, 'upper'),
    buildTeeth(frame, appearance, 'lower'),
    buildTongue(frame),
  ];
}
