/**
 * The back of the head: a skull shell swept from the face outline round to the back of the
 * head, and a hair shell laid over part of it.
 */
import type { Appearance, HairStyle, Rgb } from './appearance.js';
import type { FaceTemplate, Vec3 } from './face-template.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

/** The ellipsoid the skull is swept on; its half-height is `axes[1]` above the centre, `below` under it. */
export interface SkullFrame {
  center: Vec3;
  axes: Vec3;
  below: number;
}

/** One vertex of the swept skull. */
interface ShellVertex {
  p: Vec3;
  /** Sweep parameter: 0 on the face outline, 1 at the back of the head. */
  t: number;
  jaw: number;
  follow: number;
}

/** The skull's vertices and triangles, shared by the skull and hair parts. */
export interface SkullSweep {
  frame: SkullFrame;
  vertices: ShellVertex[];
  triangles: number[];
}

const RINGS = 30;
/** Skull columns per face-outline segment (even). */
const SUBDIVIDE = 4;

function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

function slerp(a: Vec3, b: Vec3, t: number): Vec3 {
  const dot = Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
  const omega = Math.acos(dot);
  if (omega < 1e-6) return a;
  const sa = Math.sin((1 - t) * omega) / Math.sin(omega);
  const sb = Math.sin(t * omega) / Math.sin(omega);
  return normalize([a[0] * sa + b[0] * sb, a[1] * sa + b[1] * sb, a[2] * sa + b[2] * sb]);
}

function smooth(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** The skull ellipsoid of a neutral head: centred behind the eyes, as wide as the face outline. */
export function skullFrame(
  template: FaceTemplate,
  neutral: Float32Array,
  proportions: Vec3,
): SkullFrame {
  let width = 0;
  for (const v of template.loops.outer) width = Math.max(width, Math.abs(neutral[3 * v]));
  const eyeY = (neutral[3 * 33 + 1] + neutral[3 * 263 + 1]) / 2;
  return {
    center: [0, eyeY - 0.1, -3.2 * proportions[2]],
    axes: [width * 1.02 * proportions[0], 11.3 * proportions[1], 9.8 * proportions[2]],
    below: 9.5 * proportions[1],
  };
}

/**
 * Sweeps the skull: each outline vertex (and points between neighbours) walks along a great
 * circle of the ellipsoid to its back pole, its radius easing from the outline's onto the
 * ellipsoid's. Ring 0 is the face outline itself.
 */
export function sweepSkull(
  template: FaceTemplate,
  neutral: Float32Array,
  frame: SkullFrame,
): SkullSweep {
  const { center: c, axes, below } = frame;
  const outline = template.loops.outer;
  const ay = (y: number): number => (y > 0 ? axes[1] : below);
  const local = (p: Vec3): Vec3 => [
    (p[0] - c[0]) / axes[0],
    (p[1] - c[1]) / ay(p[1] - c[1]),
    (p[2] - c[2]) / axes[2],
  ];
  const at = (v: number): Vec3 => [neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2]];
  const n = outline.length;
  const columns: { dir: Vec3; rho: number; jaw: number }[] = [];
  for (let i = 0; i < n; i++) {
    const a = local(at(outline[i]));
    const b = local(at(outline[(i + 1) % n]));
    const ja = template.jawWeight[outline[i]];
    const jb = template.jawWeight[outline[(i + 1) % n]];
    const ra = Math.hypot(...a);
    const rb = Math.hypot(...b);
    for (let k = 0; k < SUBDIVIDE; k++) {
      const t = k / SUBDIVIDE;
      columns.push({
        dir: normalize([
          a[0] + (b[0] - a[0]) * t,
          a[1] + (b[1] - a[1]) * t,
          a[2] + (b[2] - a[2]) * t,
        ]),
        rho: ra + (rb - ra) * t,
        jaw: ja + (jb - ja) * t,
      });
    }
  }
  const pole: Vec3 = [0, 0, -1];
  const vertices: ShellVertex[] = [];
  const triangles: number[] = [];
  const ring0 = outline.map((v, i) => {
    vertices.push({ p: at(v), t: 0, jaw: 0, follow: v });
    return i;
  });
  const rings: number[][] = [];
  for (let k = 1; k < RINGS; k++) {
    const t = k / RINGS;
    rings.push(
      columns.map((col) => {
        const dir = slerp(col.dir, pole, t);
        const rho = 1 + (col.rho - 1) * (1 - smooth(0, 0.3, t));
        vertices.push({
          p: [
            c[0] + axes[0] * rho * dir[0],
            c[1] + ay(dir[1]) * rho * dir[1],
            c[2] + axes[2] * rho * dir[2],
          ],
          t,
          jaw: col.jaw * (1 - smooth(0.02, 0.4, t)),
          follow: -1,
        });
        return vertices.length - 1;
      }),
    );
  }
  vertices.push({ p: [c[0], c[1], c[2] - axes[2]], t: 1, jaw: 0, follow: -1 });
  const back = vertices.length - 1;
  // Ring 0 (n outline vertices) to ring 1 (SUBDIVIDE × n columns): a fan from each end of
  // every outline segment.
  const r1 = rings[0];
  const half = SUBDIVIDE / 2;
  for (let i = 0; i < n; i++) {
    const a0 = ring0[i];
    const a1 = ring0[(i + 1) % n];
    const b = (k: number): number => r1[(SUBDIVIDE * i + k) % r1.length];
    for (let k = 0; k < half; k++) triangles.push(a0, b(k), b(k + 1));
    triangles.push(a0, b(half), a1);
    for (let k = half; k < SUBDIVIDE; k++) triangles.push(a1, b(k), b(k + 1));
  }
  for (let k = 0; k + 1 < rings.length; k++) {
    const a = rings[k];
    const b = rings[k + 1];
    for (let i = 0; i < a.length; i++) {
      const j = (i + 1) % a.length;
      triangles.push(a[i], b[i], b[j], a[i], b[j], a[j]);
    }
  }
  const last = rings[rings.length - 1];
  for (let i = 0; i < last.length; i++) triangles.push(back, last[(i + 1) % last.length], last[i]);
  return { frame, vertices, triangles };
}

/** Builds the skull part, coloured by `colorOf` (skin, with beard shading near the jaw). */
export function buildSkull(sweep: SkullSweep, colorOf: (v: ShellVertex) => Vec3): RiggedPart {
  const b = new PartBuilder();
  for (const v of sweep.vertices) {
    b.vertex(v.p, colorOf(v), { follow: v.follow >= 0 ? [[v.follow, 1]] : [], jaw: v.jaw });
  }
  for (let i = 0; i < sweep.triangles.length; i += 3)
    b.triangle(sweep.triangles[i], sweep.triangles[i + 1], sweep.triangles[i + 2]);
  return b.build('skull', { specular: 0.25, shininess: 18, subsurface: 0.3 });
}

const HAIR_THICKNESS: Record<HairStyle, number> = {
  bald: 0,
  buzz: 0.12,
  short: 0.55,
  medium: 1.0,
  long: 1.1,
};

/**
 * The hair covers a cap of the skull: directions (in ellipsoid-normalised coordinates) within
 * `angle` of `axis`. The cap's edge is the hairline: across the upper forehead, above the ears,
 * round the nape. Longer styles reach lower at the back and sides.
 */
function hairCap(style: HairStyle, hairline: number): { axis: Vec3; cosAngle: number } {
  const long = style === 'medium' || style === 'long';
  const tilt = 0.74 + hairline / 9 + (long ? 0.1 : 0);
  const angle = (long ? 97 : 89) * (Math.PI / 180);
  return { axis: [0, Math.cos(tilt), -Math.sin(tilt)], cosAngle: Math.cos(angle) };
}

/**
 * Builds the hair shell over the skull (none for `bald`), cut cleanly along the hairline, plus
 * a drape down the back for `long`. `variation` (per identity) varies the colour.
 */
export function buildHair(
  sweep: SkullSweep,
  appearance: Appearance,
  variation: number,
): RiggedPart | undefined {
  const { style, color, hairline } = appearance.hair;
  if (style === 'bald') return undefined;
  const { center: c, axes, below } = sweep.frame;
  const { axis, cosAngle } = hairCap(style, hairline);
  const thickness = HAIR_THICKNESS[style];
  const tone = style === 'buzz' ? mixRgb(color, appearance.skin, 0.45) : color;
  const b = new PartBuilder();
  const coverage = sweep.vertices.map((v) => {
    const l: Vec3 = [
      (v.p[0] - c[0]) / axes[0],
      (v.p[1] - c[1]) / (v.p[1] > c[1] ? axes[1] : below),
      (v.p[2] - c[2]) / axes[2],
    ];
    const len = Math.hypot(...l) || 1;
    const [x, y, z] = [l[0] / len, l[1] / len, l[2] / len];
    // Temples and sideburns: the hair reaches down in front of the ears.
    const sideburn = 0.3 * x * x * Math.exp(-(((z - 0.12) / 0.3) ** 2)) * smooth(-0.45, -0.1, y);
    return x * axis[0] + y * axis[1] + z * axis[2] - cosAngle + sideburn;
  });
  const place = (p: Vec3, s: number, bind: { follow: [number, number][]; jaw: number }): number => {
    const top = 1 + 0.4 * smooth(c[1], c[1] + 8, p[1]);
    const t = 0.05 + thickness * top * smooth(0, 0.18, s);
    const d: Vec3 = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    const k = 1 + t / (Math.hypot(...d) || 1);
    const q: Vec3 = [c[0] + d[0] * k, c[1] + d[1] * k, c[2] + d[2] * k];
    const n = 0.88 + 0.12 * Math.sin(q[0] * 3.1 + variation) * Math.sin(q[1] * 2.3 + q[2] * 1.7);
    const edge = 0.85 + 0.15 * smooth(0, 0.1, s);
    return b.vertex(q, [tone[0] * n * edge, tone[1] * n * edge, tone[2] * n * edge], bind);
  };
  const bindOf = (i: number): { follow: [number, number][]; jaw: number } => {
    const v = sweep.vertices[i];
    return { follow: v.follow >= 0 ? [[v.follow, 1]] : [], jaw: v.jaw };
  };
  const own = new Map<number, number>();
  const vertexOf = (i: number): number => {
    let out = own.get(i);
    if (out === undefined) {
      out = place(sweep.vertices[i].p, coverage[i], bindOf(i));
      own.set(i, out);
    }
    return out;
  };
  const crossings = new Map<string, number>();
  const crossing = (i: number, j: number): number => {
    const key = i < j ? `${i}:${j}` : `${j}:${i}`;
    let out = crossings.get(key);
    if (out === undefined) {
      const t = coverage[i] / (coverage[i] - coverage[j]);
      const a = sweep.vertices[i].p;
      const e = sweep.vertices[j].p;
      const p: Vec3 = [
        a[0] + (e[0] - a[0]) * t,
        a[1] + (e[1] - a[1]) * t,
        a[2] + (e[2] - a[2]) * t,
      ];
      out = place(p, 0, bindOf(t < 0.5 ? i : j));
      crossings.set(key, out);
    }
    return out;
  };
  // Keep the covered part of every triangle, cutting partly covered ones along the hairline.
  for (let k = 0; k < sweep.triangles.length; k += 3) {
    const tri = [sweep.triangles[k], sweep.triangles[k + 1], sweep.triangles[k + 2]];
    const inside = tri.map((i) => coverage[i] >= 0);
    if (!inside.some(Boolean)) continue;
    const polygon: number[] = [];
    for (let e = 0; e < 3; e++) {
      const i = tri[e];
      const j = tri[(e + 1) % 3];
      if (inside[e]) polygon.push(vertexOf(i));
      if (inside[e] !== inside[(e + 1) % 3]) polygon.push(crossing(i, j));
    }
    for (let q = 1; q + 1 < polygon.length; q++) b.triangle(polygon[0], polygon[q], polygon[q + 1]);
  }
  const shade = (p: Vec3, k: number): Vec3 => {
    const n = 0.88 + 0.12 * Math.sin(p[0] * 3.1 + variation) * Math.sin(p[1] * 2.3 + p[2] * 1.7);
    return [tone[0] * n * k, tone[1] * n * k, tone[2] * n * k];
  };
  if (style === 'long') addDrape(b, sweep.frame, shade);
  return b.build('hair', { specular: 0.35, shininess: 12, subsurface: 0.1 });
}

function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Long hair falling behind the neck to the shoulders, visible from both sides. */
function addDrape(b: PartBuilder, frame: SkullFrame, shade: (p: Vec3, k: number) => Vec3): void {
  const { center: c, axes } = frame;
  const levels = [
    { y: c[1] - 1.5, rx: axes[0] * 0.99 + 0.6, rz: axes[2] * 0.97 + 0.6 },
    { y: c[1] - 6, rx: axes[0] * 0.9, rz: axes[2] * 0.82 },
    { y: c[1] - 11, rx: 7.2, rz: 6.6 },
    { y: c[1] - 16, rx: 8.2, rz: 7.2 },
    { y: c[1] - 20, rx: 9.5, rz: 7.6 },
  ];
  const columns = 25;
  const from = 1.8;
  const to = 2 * Math.PI - 1.8;
  for (const [inset, flip] of [
    [0, false],
    [0.12, true],
  ] as const) {
    const rows = levels.map((l, r) =>
      Array.from({ length: columns }, (_, i) => {
        const a = from + ((to - from) * i) / (columns - 1);
        const p: Vec3 = [
          c[0] + (l.rx - inset) * Math.sin(a),
          l.y,
          c[2] + (l.rz - inset) * Math.cos(a),
        ];
        return b.vertex(p, shade(p, r === levels.length - 1 ? 0.8 : 1));
      }),
    );
    b.grid(rows, false, flip);
  }
}
