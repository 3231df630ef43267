/**
 * A tiny formula language for ground-truth retargeting maps: each rig control is a term over
 * ARKit weights that both evaluates and prints itself, so the documented formula and the
 * computed one cannot drift apart.
 */
import { blendshapeIndex, type ArkitBlendshape } from '../blendshapes/arkit.js';

/**
 * A formula over the 52 ARKit weights (dense vector in ARKit order) that evaluates and prints
 * itself; each avatar's ground-truth retargeting map is one per rig control.
 *
 * @example
 * ```ts
 * import { AVATARS, toWeightVector } from '@freeavatar/synth';
 * const term = AVATARS.toon.retargeting.blink;
 * console.log(term.formula, term.evaluate(toWeightVector({ eyeBlinkLeft: 1, eyeBlinkRight: 0.4 })));
 * // min(eyeBlinkLeft, eyeBlinkRight) 0.4
 * ```
 */
export interface RetargetTerm {
  /** The formula as text, e.g. `min(eyeBlinkLeft, eyeBlinkRight)`. */
  readonly formula: string;
  evaluate(weights: Float32Array): number;
}

const term = (formula: string, evaluate: (w: Float32Array) => number): RetargetTerm => ({
  formula,
  evaluate,
});

/** One ARKit weight. */
export function arkit(name: ArkitBlendshape): RetargetTerm {
  const i = blendshapeIndex(name);
  return term(name, (w) => w[i]);
}

/** The mean of two ARKit weights, the usual way a merged left/right control is made. */
export function both(left: ArkitBlendshape, right: ArkitBlendshape): RetargetTerm {
  return mean(arkit(left), arkit(right));
}

/** Arithmetic mean. */
export function mean(...terms: RetargetTerm[]): RetargetTerm {
  return term(`mean(${terms.map((t) => t.formula).join(', ')})`, (w) => {
    let s = 0;
    for (const t of terms) s += t.evaluate(w);
    return s / terms.length;
  });
}

/** Smallest of the terms (the part two sides share). */
export function min(...terms: RetargetTerm[]): RetargetTerm {
  return term(`min(${terms.map((t) => t.formula).join(', ')})`, (w) =>
    Math.min(...terms.map((t) => t.evaluate(w))),
  );
}

/** Largest of the terms. */
export function max(...terms: RetargetTerm[]): RetargetTerm {
  return term(`max(${terms.map((t) => t.formula).join(', ')})`, (w) =>
    Math.max(...terms.map((t) => t.evaluate(w))),
  );
}

/** Weighted sum `Σ kᵢ·termᵢ`. */
export function sum(...parts: [number, RetargetTerm][]): RetargetTerm {
  const text = parts
    .map(([k, t], i) => {
      const sign = k < 0 ? '− ' : i === 0 ? '' : '+ ';
      const a = Math.abs(k);
      return `${sign}${a === 1 ? '' : `${a}·`}${t.formula}`;
    })
    .join(' ');
  return term(text, (w) => {
    let s = 0;
    for (const [k, t] of parts) s += k * t.evaluate(w);
    return s;
  });
}

/** `max(0, a − b)`: what `a` has beyond `b` (the one-sided part of a split control). */
export function excess(a: RetargetTerm, b: RetargetTerm): RetargetTerm {
  return term(`max(0, ${a.formula} − ${b.formula})`, (w) =>
    Math.max(0, a.evaluate(w) - b.evaluate(w)),
  );
}

/** `clamp01(t)^p`: a gentle curve (p < 1 boosts small values, p > 1 damps them). */
export function power(t: RetargetTerm, p: number): RetargetTerm {
  return term(`(${t.formula})^${p}`, (w) => Math.max(0, Math.min(1, t.evaluate(w))) ** p);
}

/** `smoothstep(lo, hi, t)`: a soft threshold. */
export function smoothstep(lo: number, hi: number, t: RetargetTerm): RetargetTerm {
  return term(`smoothstep(${lo}, ${hi}, ${t.formula})`, (w) => {
    const x = Math.max(0, Math.min(1, (t.evaluate(w) - lo) / (hi - lo)));
    return x * x * (3 - 2 * x);
  });
}
