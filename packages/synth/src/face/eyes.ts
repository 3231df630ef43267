/** Eyeballs (sphere with sclera, iris, limbus and pupil rings) and the pink sockets behind the lids. */
import type { Appearance, Rgb } from './appearance.js';
import type { EyeballFit } from './eyeball-fit.js';
import type { FaceTemplate, Vec3 } from './face-template.js';
import { PartBuilder, type RiggedPart } from './rigged-part.js';

const IRIS_RADIUS = 0.58;
const LONGITUDES = 32;

const scale = (c: Rgb, k: number): Vec3 => [c[0] * k, c[1] * k, c[2] * k];
const mix = (a: Rgb, b: Rgb, t: number): Vec3 => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/**
 * Builds one eyeball. Its front pole (+z) is the gaze direction; the part rotates rigidly
 * about `fit.center`. Iris streaks vary with `variation` (a number per identity).
 */
export function buildEyeball(
  fit: EyeballFit,
  appearance: Appearance,
  side: 'left' | 'right',
  variation: number,
): RiggedPart {
  const R = fit.radius;
  const pupil = Math.asin(Math.min(0.9, appearance.eyes.pupil / R));
  const iris = Math.asin(Math.min(0.95, IRIS_RADIUS / R));
  const iriss = appearance.eyes.iris;
  const sclera = appearance.eyes.sclera;
  const black: Rgb = [0.015, 0.012, 0.012];
  const rings: { angle: number; color: (phi: number) => Vec3 }[] = [
    { angle: pupil * 0.5, color: () => [...black] },
    { angle: pupil, color: () => [...black] },
    {
      angle: pupil + 0.01,
      color: (phi) => scale(iriss, 0.55 + 0.2 * Math.sin(phi * 7 + variation)),
    },
    {
      angle: (pupil + iris) / 2,
      color: (phi) => scale(iriss, 0.9 + 0.25 * Math.sin(phi * 11 + 2 * variation)),
    },
    {
      angle: iris - 0.03,
      color: (phi) => scale(iriss, 0.75 + 0.15 * Math.sin(phi * 5 + variation)),
    },
    { angle: iris, color: () => scale(iriss, 0.3) },
    { angle: iris + 0.03, color: () => mix(sclera, [0.75, 0.65, 0.6], 0.25) },
    { angle: 0.85, color: () => [...sclera] },
    { angle: 1.25, color: () => mix(sclera, [0.85, 0.55, 0.5], 0.15) },
    { angle: 1.7, color: () => mix(sclera, [0.8, 0.5, 0.45], 0.35) },
    { angle: 2.2, color: () => scale(sclera, 0.5) },
    { angle: 2.7, color: () => scale(sclera, 0.3) },
  ];
  const b = new PartBuilder();
  const c = fit.center;
  const point = (theta: number, phi: number): Vec3 => [
    c[0] + R * Math.sin(theta) * Math.cos(phi),
    c[1] + R * Math.sin(theta) * Math.sin(phi),
    c[2] + R * Math.cos(theta),
  ];
  const front = b.vertex(point(0, 0), [...black]);
  const rows = rings.map((ring) =>
    Array.from({ length: LONGITUDES }, (_, i) => {
      const phi = (2 * Math.PI * i) / LONGITUDES;
      return b.vertex(point(ring.angle, phi), ring.color(phi));
    }),
  );
  const back = b.vertex(point(Math.PI, 0), scale(sclera, 0.2));
  b.fan(front, rows[0]);
  b.grid(rows, true);
  b.fan(back, rows[rows.length - 1], true);
  return b.build(
    side === 'left' ? 'eyeLeft' : 'eyeRight',
    { specular: 0.9, shininess: 90, subsurface: 0.05 },
    {
      eyeCenter: [c[0], c[1], c[2]],
    },
  );
}

/**
 * The socket behind a lid opening: a pocket from the lid margin back to the eyeball centre,
 * pink-red, so no view through the opening ever shows the inside of the head.
 */
export function buildEyeSocket(
  template: FaceTemplate,
  neutral: Float32Array,
  fit: EyeballFit,
  side: 'left' | 'right',
): RiggedPart {
  const loop = side === 'left' ? template.loops.eyeLeft : template.loops.eyeRight;
  const b = new PartBuilder();
  const c = fit.center;
  const ringColors: Vec3[] = [
    [0.78, 0.6, 0.57],
    [0.66, 0.42, 0.4],
    [0.35, 0.17, 0.16],
  ];
  const depths = [0, 0.35, 0.8];
  const follows = [1, 0.6, 0.2];
  const rows = depths.map((t, k) =>
    loop.map((v) => {
      const p: Vec3 = [neutral[3 * v], neutral[3 * v + 1], neutral[3 * v + 2]];
      const q: Vec3 = [
        p[0] + (c[0] - p[0]) * t,
        p[1] + (c[1] - p[1]) * t,
        p[2] + (c[2] - p[2]) * t - 0.2 * t,
      ];
      return b.vertex(q, ringColors[k], { follow: [[v, follows[k]]] });
    }),
  );
  const end = b.vertex([c[0], c[1], c[2] - 0.3], [0.2, 0.08, 0.08]);
  b.grid(rows, true);
  b.fan(end, rows[rows.length - 1], true);
  return b.build(side === 'left' ? 'eyeSocketLeft' : 'eyeSocketRight', {
    specular: 0.4,
    shininess: 30,
    subsurface: 0.2,
  });
}
