/** Per-vertex albedo of the skin: skin tone, blush, lips, lid margins and facial hair. */
import type { Appearance, Rgb } from './appearance.js';
import type { FaceTemplate, Vec3 } from './face-template.js';
import { FACE_LANDMARKS, LANDMARK } from './landmarks.js';
import { graphDistances } from './mesh-topology.js';

function smooth(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

function mix(a: Rgb | Vec3, b: Rgb | Vec3, t: number): Vec3 {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Vertices of the lips: from the inner contour out to the outer contour (inclusive). */
function lipVertices(template: FaceTemplate): Set<number> {
  const outer = new Set<number>([
    ...FACE_LANDMARKS.lipsUpperOuter,
    ...FACE_LANDMARKS.lipsLowerOuter,
  ]);
  const seen = new Set<number>([
    ...FACE_LANDMARKS.lipsUpperInner,
    ...FACE_LANDMARKS.lipsLowerInner,
  ]);
  const queue = [...seen];
  const { offsets, neighbors } = template.adjacency;
  while (queue.length > 0) {
    const v = queue.pop() as number;
    if (outer.has(v)) continue;
    for (let i = offsets[v]; i < offsets[v + 1]; i++) {
      const u = neighbors[i];
      if (!seen.has(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
  }
  return seen;
}

/**
 * How much facial hair covers a point of the neutral head (0..1), by style. `mouthY` is the
 * height of the mouth corners.
 */
export function facialHairCoverage(
  p: Vec3,
  appearance: Appearance,
  mouthY: number,
  noseY: number,
): number {
  const { style, density } = appearance.facialHair;
  if (style === 'none' || density <= 0) return 0;
  const ax = Math.abs(p[0]);
  const moustache =
    smooth(noseY + 0.1, noseY - 0.4, p[1]) *
    smooth(mouthY - 0.2, mouthY + 0.5, p[1]) *
    smooth(3.2, 2.4, ax);
  const chin = smooth(mouthY - 0.8, mouthY - 1.5, p[1]) * smooth(2.6, 1.8, ax);
  const line = mouthY + 1.0 + 0.5 * Math.max(0, ax - 2.5);
  const cheeks = smooth(line + 0.4, line - 0.4, p[1]);
  let coverage: number;
  switch (style) {
    case 'moustache':
      coverage = moustache;
      break;
    case 'goatee':
      coverage = Math.max(moustache, chin);
      break;
    default:
      coverage = Math.max(moustache, chin, cheeks);
  }
  return coverage * density;
}

/** The facial-hair colour blended over `base` with `coverage`. */
export function withFacialHair(base: Vec3, appearance: Appearance, coverage: number): Vec3 {
  if (coverage <= 0) return base;
  const stubble = appearance.facialHair.style === 'stubble';
  const hair = appearance.facialHair.color;
  const target: Vec3 = stubble ? [hair[0] * 0.7, hair[1] * 0.7, hair[2] * 0.75] : [...hair];
  return mix(base, target, coverage * (stubble ? 0.35 : 0.85));
}

/** Colours of the 468 skin vertices for an appearance. */
export function faceColors(
  template: FaceTemplate,
  neutral: Float32Array,
  appearance: Appearance,
): Float32Array {
  const n = neutral.length / 3;
  const colors = new Float32Array(n * 3);
  const lips = lipVertices(template);
  const outerLip = new Set<number>([
    ...FACE_LANDMARKS.lipsUpperOuter,
    ...FACE_LANDMARKS.lipsLowerOuter,
  ]);
  const lidMargin = new Set<number>([...template.loops.eyeLeft, ...template.loops.eyeRight]);
  const nearEyes = graphDistances(template.adjacency, [
    ...template.loops.eyeLeft,
    ...template.loops.eyeRight,
  ]);
  const mouthY = neutral[3 * LANDMARK.mouthCornerLeft + 1];
  const noseY = neutral[3 * 2 + 1];
  const skin = appearance.skin;
  const flushed: Vec3 = [Math.min(1, skin[0] * 1.04), skin[1] * 0.8, skin[2] * 0.8];
  for (let v = 0; v < n; v++) {
    const p: Vec3 = [neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2]];
    let c: Vec3 = [...skin];
    const cheek = Math.exp(-((Math.abs(p[0]) - 4.2) ** 2 + (p[1] + 0.6) ** 2) / 3.5);
    const noseTip = Math.exp(-(p[0] ** 2 + (p[1] + 0.6) ** 2) / 1.2) * smooth(5.5, 7, p[2]);
    c = mix(c, flushed, Math.min(1, appearance.blush * cheek + 0.35 * noseTip));
    const eyeShade = 1 - 0.08 * smooth(1.2, 0.2, nearEyes[v]);
    c = [c[0] * eyeShade, c[1] * eyeShade, c[2] * eyeShade];
    if (lidMargin.has(v)) c = mix(c, [0.62, 0.4, 0.38], 0.2);
    if (lips.has(v)) c = mix(c, appearance.lips, outerLip.has(v) ? 0.55 : 1);
    else c = withFacialHair(c, appearance, facialHairCoverage(p, appearance, mouthY, noseY));
    colors.set(c, 3 * v);
  }
  return colors;
}
