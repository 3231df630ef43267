import { assertArgument } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';
import { CANONICAL_VERTEX_COUNT } from './canonical-face.js';
import type { FaceSide, Vec3 } from './face-template.js';
import { FACE_LANDMARKS } from './landmarks.js';

/**
 * Where an eyeball sits behind its lid opening.
 *
 * @example
 * ```ts
 * const { center, radius }: EyeballFit = fitEyeball(createFaceTemplate().positions, 'right');
 * ```
 */
export interface EyeballFit {
  /** Centre of the eyeball sphere, cm. */
  center: Vec3;
  /** Radius of the eyeball sphere, cm. */
  radius: number;
}

/**
 * Fits an eyeball behind a lid opening: centred on the opening, radius half the corner-to-corner
 * width (clamped to 1.05–1.5 cm), and set back so that every lid-margin vertex lies on or just
 * outside the sphere, as lids rest on the eyeball.
 *
 * @example
 * ```ts
 * import { createFaceTemplate, fitEyeball } from '@freeavatar/synth';
 * const { center, radius } = fitEyeball(createFaceTemplate().positions, 'left');
 * ```
 */
export function fitEyeball(positions: Float32Array, side: FaceSide): EyeballFit {
  assertNumbers(positions, 'positions');
  assertArgument(
    positions.length >= 3 * CANONICAL_VERTEX_COUNT,
    `positions must hold x y z of the ${CANONICAL_VERTEX_COUNT} face vertices, got ${positions.length} numbers`,
  );
  assertArgument(
    side === 'left' || side === 'right',
    `side must be 'left' or 'right', got ${String(side)}`,
  );
  const upper = side === 'left' ? FACE_LANDMARKS.eyeLeftUpper : FACE_LANDMARKS.eyeRightUpper;
  const lower = side === 'left' ? FACE_LANDMARKS.eyeLeftLower : FACE_LANDMARKS.eyeRightLower;
  const at = (v: number): Vec3 => [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]];
  const outer = at(upper[0]);
  const inner = at(upper[upper.length - 1]);
  const mid = Math.floor(upper.length / 2);
  const top = at(upper[mid]);
  const bottom = at(lower[mid]);
  const cx = (outer[0] + inner[0]) / 2;
  const cy = (top[1] + bottom[1] + outer[1] + inner[1]) / 4;
  const width = Math.hypot(outer[0] - inner[0], outer[1] - inner[1]);
  const radius = Math.min(1.5, Math.max(1.05, width / 2));
  let cz = Infinity;
  for (const v of [...upper, ...lower]) {
    const p = at(v);
    const r2 = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
    const behind = Math.sqrt(Math.max(0, radius * radius - r2));
    cz = Math.min(cz, p[2] - behind - 0.02);
  }
  return { center: [cx, cy, cz], radius };
}
