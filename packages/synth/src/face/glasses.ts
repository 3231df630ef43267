/** Glasses: two rims in front of the eyes, a bridge over the nose and temple arms to the ears. */
import type { Appearance } from './appearance.js';
import type { EyeballFit } from './eyeball-fit.js';
import type { Vec3 } from './face-template.js';
import type { SkullFrame } from './head-shell.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

/** Largest z of the neutral skin near (x, y) within `radius`, or −∞ if none. */
function skinDepth(neutral: Float32Array, x: number, y: number, radius: number): number {
  let best = -Infinity;
  for (let v = 0; v < neutral.length / 3; v++) {
    const d = Math.hypot(neutral[3 * v] - x, neutral[3 * v + 1] - y);
    if (d < radius) best = Math.max(best, neutral[3 * v + 2]);
  }
  return best;
}

/** Sweeps a square tube of half-width `w` along a polyline (closed or open). */
function tube(b: PartBuilder, points: Vec3[], w: number, closed: boolean, color: Vec3): void {
  const n = points.length;
  const rows: number[][] = points.map((p, i) => {
    const prev = points[closed ? (i - 1 + n) % n : Math.max(0, i - 1)];
    const next = points[closed ? (i + 1) % n : Math.min(n - 1, i + 1)];
    const t = norm([next[0] - prev[0], next[1] - prev[1], next[2] - prev[2]]);
    const ref: Vec3 = Math.abs(t[2]) < 0.9 ? [0, 0, 1] : [0, 1, 0];
    const nrm = norm(cross(t, ref));
    const bin = cross(t, nrm);
    return [0, 1, 2, 3].map((k) => {
      const a = Math.PI / 4 + (k * Math.PI) / 2;
      const ca = Math.cos(a) * w * Math.SQRT2;
      const sa = Math.sin(a) * w * Math.SQRT2;
      return b.vertex(
        [
          p[0] + ca * nrm[0] + sa * bin[0],
          p[1] + ca * nrm[1] + sa * bin[1],
          p[2] + ca * nrm[2] + sa * bin[2],
        ],
        color,
      );
    });
  });
  // Around each ring the corners turn counter-clockwise about the direction of travel, so quads
  // from one ring to the next face outwards when wound in reverse.
  for (let i = 0; i < (closed ? n : n - 1); i++) {
    const a = rows[i];
    const c = rows[(i + 1) % n];
    for (let k = 0; k < 4; k++) {
      const j = (k + 1) % 4;
      b.quad(a[k], a[j], c[j], c[k]);
    }
  }
  if (!closed) {
    const [s, e] = [rows[0], rows[n - 1]];
    b.quad(s[3], s[2], s[1], s[0]);
    b.quad(e[0], e[1], e[2], e[3]);
  }
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function norm(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

/** Builds glasses for a neutral head, or nothing when the appearance has none. */
export function buildGlasses(
  neutral: Float32Array,
  eyes: { left: EyeballFit; right: EyeballFit },
  skull: SkullFrame,
  appearance: Appearance,
): RiggedPart | undefined {
  const g = appearance.glasses;
  if (!g.enabled) return undefined;
  const color: Vec3 = [...g.color];
  const b = new PartBuilder();
  const halfW = 2.35;
  const halfH = g.shape === 'round' ? 2.0 : 1.65;
  const samples = 28;
  const lensCenterY = (eyes.left.center[1] + eyes.right.center[1]) / 2 + 0.1;
  const innerEnds: Vec3[] = [];
  const outerEnds: Vec3[] = [];
  for (const eye of [eyes.left, eyes.right]) {
    const side = Math.sign(eye.center[0]);
    const cx = eye.center[0] + side * 0.1;
    const outline: [number, number][] = Array.from({ length: samples }, (_, i) => {
      const a = (2 * Math.PI * i) / samples;
      if (g.shape === 'round')
        return [cx + halfW * 0.9 * Math.cos(a), lensCenterY + halfH * Math.sin(a)];
      // A rounded rectangle (superellipse).
      const c = Math.cos(a);
      const s = Math.sin(a);
      return [
        cx + halfW * Math.sign(c) * Math.abs(c) ** 0.45,
        lensCenterY + halfH * Math.sign(s) * Math.abs(s) ** 0.45,
      ];
    });
    const depth = outline.map(([x, y]) => skinDepth(neutral, x, y, 0.9) + 0.5);
    // Smooth the depths around the rim so it stays a clean curve.
    const z = depth.map((_, i) =>
      Math.max(
        depth[i],
        (depth[(i + samples - 1) % samples] + 2 * depth[i] + depth[(i + 1) % samples]) / 4,
      ),
    );
    const zMin = Math.min(...z.filter(Number.isFinite));
    const rim: Vec3[] = outline.map(([x, y], i) => [x, y, Number.isFinite(z[i]) ? z[i] : zMin]);
    tube(b, rim, 0.12, true, color);
    // Inner end: the sample nearest the nose; outer end: the sample farthest out, at mid height.
    const inner = side > 0 ? samples / 2 : 0;
    const outer = side > 0 ? 0 : samples / 2;
    innerEnds.push(rim[inner]);
    outerEnds.push(rim[outer]);
  }
  const bridgeZ = skinDepth(neutral, 0, lensCenterY + 0.3, 0.8) + 0.35;
  const bridge: Vec3[] = [innerEnds[0], [0, lensCenterY + 0.35, bridgeZ], innerEnds[1]];
  tube(b, bridge, 0.1, false, color);
  const { center: c, axes } = skull;
  for (const hinge of outerEnds) {
    const side = Math.sign(hinge[0]);
    const earZ = c[2] - 1.2;
    const arm: Vec3[] = [];
    const steps = 8;
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const z = hinge[2] + (earZ - hinge[2]) * t;
      const y = hinge[1] + (c[1] + 0.9 - hinge[1]) * t;
      const skullX =
        axes[0] *
        Math.sqrt(Math.max(0, 1 - ((y - c[1]) / axes[1]) ** 2 - ((z - c[2]) / axes[2]) ** 2));
      let faceX = 0;
      for (let v = 0; v < neutral.length / 3; v++) {
        if (Math.abs(neutral[3 * v + 1] - y) < 1 && Math.abs(neutral[3 * v + 2] - z) < 0.8) {
          faceX = Math.max(faceX, Math.abs(neutral[3 * v]));
        }
      }
      const x = Math.max(Math.abs(hinge[0]) + 0.05 * i, skullX + 0.35, faceX + 0.35);
      arm.push([side * x, y, z]);
    }
    tube(b, arm, 0.09, false, color);
  }
  return b.build('glasses', { specular: 0.6, shininess: 50, subsurface: 0 });
}
