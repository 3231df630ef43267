/**
 * Eyelid displacement fields for the eye blendshapes, authored for the subject's left eye (+x);
 * the right eye's fields are their mirror images. Lids move over the fitted eyeball sphere and
 * never into it. The eyeLook shapes also turn the eyeball (see `eyeRotations`); here they only
 * carry the lid motion that follows vertical gaze.
 */
import { fitEyeball } from '../face/eyeball-fit.js';
import { vertexAt, type FaceTemplate, type Vec3 } from '../face/face-template.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { closerTo, newField, propagate, type Field } from './field-tools.js';

/** Left-eye shape names authored here. */
export type LeftEyeShape =
  | 'eyeBlinkLeft'
  | 'eyeSquintLeft'
  | 'eyeWideLeft'
  | 'eyeLookDownLeft'
  | 'eyeLookUpLeft'
  | 'eyeLookInLeft'
  | 'eyeLookOutLeft';

interface LidMove {
  /** Upper-lid margin motion as a fraction of the opening (+ opens). */
  upper: number;
  /** Lower-lid margin motion as a fraction of the opening (+ opens, i.e. down). */
  lower: number;
  upperSpread: number;
  lowerSpread: number;
  lowerRadius?: number;
}

function outsideSphere(p: Vec3, center: Vec3, radius: number): Vec3 {
  const d: Vec3 = [p[0] - center[0], p[1] - center[1], p[2] - center[2]];
  const len = Math.hypot(d[0], d[1], d[2]);
  if (len >= radius) return p;
  const k = radius / len;
  return [center[0] + d[0] * k, center[1] + d[1] * k, center[2] + d[2] * k];
}

/** Authors the left-eye lid fields. */
export function authorLeftEyeShapes(template: FaceTemplate): Record<LeftEyeShape, Field> {
  const upper = FACE_LANDMARKS.eyeLeftUpper.slice(1, -1);
  const lower = FACE_LANDMARKS.eyeLeftLower.slice(1, -1);
  const eye = fitEyeball(template.positions, 'left');
  const clearance = eye.radius + 0.06;
  const upperSide = closerTo(template, upper, lower);
  const lowerSide = upperSide.map((x) => 1 - x);
  const up = upper.map((v) => vertexAt(template.positions, v));
  const low = lower.map((v) => vertexAt(template.positions, v));

  const lids = (move: LidMove): Field => {
    const field = newField(template);
    const upperDeltas: Vec3[] = [];
    const lowerDeltas: Vec3[] = [];
    for (let i = 0; i < upper.length; i++) {
      const gap = up[i][1] - low[i][1];
      const u = outsideSphere(
        [up[i][0], up[i][1] + move.upper * gap, up[i][2]],
        eye.center,
        clearance,
      );
      const l = outsideSphere(
        [low[i][0], low[i][1] - move.lower * gap, low[i][2]],
        eye.center,
        clearance,
      );
      upperDeltas.push([u[0] - up[i][0], u[1] - up[i][1], u[2] - up[i][2]]);
      lowerDeltas.push([l[0] - low[i][0], l[1] - low[i][1], l[2] - low[i][2]]);
    }
    propagate(template, field, upper, upperDeltas, {
      radius: 1.1,
      strength: move.upperSpread,
      allowed: upperSide,
    });
    propagate(template, field, lower, lowerDeltas, {
      radius: move.lowerRadius ?? 0.8,
      strength: move.lowerSpread,
      allowed: lowerSide,
    });
    return field;
  };

  // The blink closes on a line 22% of the way up from the lower lid, in front of the eyeball.
  const blink = newField(template);
  {
    const upperDeltas: Vec3[] = [];
    const lowerDeltas: Vec3[] = [];
    for (let i = 0; i < upper.length; i++) {
      const t = 0.22;
      const meet = outsideSphere(
        [
          low[i][0] + t * (up[i][0] - low[i][0]),
          low[i][1] + t * (up[i][1] - low[i][1]),
          low[i][2] + t * (up[i][2] - low[i][2]),
        ],
        eye.center,
        eye.radius + 0.12,
      );
      upperDeltas.push([meet[0] - up[i][0], meet[1] - up[i][1], meet[2] - up[i][2]]);
      lowerDeltas.push([meet[0] - low[i][0], meet[1] - low[i][1], meet[2] - low[i][2]]);
    }
    propagate(template, blink, upper, upperDeltas, {
      radius: 1.2,
      strength: 0.55,
      allowed: upperSide,
    });
    propagate(template, blink, lower, lowerDeltas, {
      radius: 0.7,
      strength: 0.4,
      allowed: lowerSide,
    });
  }

  return {
    eyeBlinkLeft: blink,
    eyeSquintLeft: lids({
      upper: -0.1,
      lower: -0.32,
      upperSpread: 0.4,
      lowerSpread: 0.65,
      lowerRadius: 1.3,
    }),
    eyeWideLeft: lids({ upper: 0.42, lower: 0.08, upperSpread: 0.6, lowerSpread: 0.3 }),
    eyeLookDownLeft: lids({ upper: -0.35, lower: 0.12, upperSpread: 0.5, lowerSpread: 0.4 }),
    eyeLookUpLeft: lids({ upper: 0.18, lower: -0.1, upperSpread: 0.5, lowerSpread: 0.4 }),
    eyeLookInLeft: newField(template),
    eyeLookOutLeft: newField(template),
  };
}
