import { assertNumbers } from './arguments.js';
import { assertArgument } from './errors.js';

/** Settings of a {@link OneEuroFilter}. */
export interface OneEuroOptions {
  /** Cut-off frequency (Hz) at rest: lower means smoother held poses. Default 1.5. */
  readonly minCutoff?: number;
  /** How fast the cut-off rises with speed: higher means less lag on fast moves. Default 0.5. */
  readonly beta?: number;
  /** Cut-off frequency (Hz) of the derivative estimate. Default 1. */
  readonly derivativeCutoff?: number;
}

function smoothingFactor(cutoff: number, dt: number): number {
  const r = 2 * Math.PI * cutoff * dt;
  return r / (r + 1);
}

/**
 * The One-Euro filter (Casiez et al., CHI 2012) over a vector of values: an exponential
 * smoother whose cut-off rises with speed, so held poses stay still and fast moves keep up.
 * State lives on the instance; call `reset()` at a cut.
 *
 * @example
 * ```ts
 * import { OneEuroFilter } from '@freeavatar/core';
 * declare const rawControls: Float32Array; // one frame's 52 values
 * const filter = new OneEuroFilter(52, { minCutoff: 1.5, beta: 0.5 });
 * const smooth = filter.filter(rawControls, performance.now());
 * ```
 */
export class OneEuroFilter {
  readonly size: number;
  private readonly minCutoff: number;
  private readonly beta: number;
  private readonly derivativeCutoff: number;
  private previous: Float32Array | undefined;
  private previousDerivative: Float32Array;
  private previousTime = 0;

  constructor(size: number, options: OneEuroOptions = {}) {
    assertArgument(
      Number.isInteger(size) && size > 0,
      `size must be a positive integer, got ${size}`,
    );
    this.size = size;
    this.minCutoff = options.minCutoff ?? 1.5;
    this.beta = options.beta ?? 0.5;
    this.derivativeCutoff = options.derivativeCutoff ?? 1;
    assertArgument(this.minCutoff > 0, `minCutoff must be positive, got ${this.minCutoff}`);
    assertArgument(this.beta >= 0, `beta must be non-negative, got ${this.beta}`);
    assertArgument(
      this.derivativeCutoff > 0,
      `derivativeCutoff must be positive, got ${this.derivativeCutoff}`,
    );
    this.previousDerivative = new Float32Array(size);
  }

  /**
   * Smooths one sample taken at `timestampMs` (strictly increasing) and returns a new array.
   *
   * @param speedScale - divides the speed before `beta` applies, e.g. the face size in pixels,
   *   so that position smoothing does not depend on how large the face is. Default 1.
   */
  filter(values: ArrayLike<number>, timestampMs: number, speedScale = 1): Float32Array {
    assertArgument(speedScale > 0, `speedScale must be positive, got ${speedScale}`);
    assertNumbers(values, 'values');
    assertArgument(
      values.length === this.size,
      `expected ${this.size} values, got ${values.length}`,
    );
    assertArgument(Number.isFinite(timestampMs), `timestampMs must be finite, got ${timestampMs}`);
    if (this.previous === undefined) {
      this.previous = Float32Array.from(values);
      this.previousTime = timestampMs;
      return this.previous.slice();
    }
    assertArgument(
      timestampMs > this.previousTime,
      `timestamps must increase: ${timestampMs} after ${this.previousTime}`,
    );
    const dt = (timestampMs - this.previousTime) / 1000;
    const aD = smoothingFactor(this.derivativeCutoff, dt);
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const derivative = (values[i] - this.previous[i]) / dt;
      const smoothDerivative = aD * derivative + (1 - aD) * this.previousDerivative[i];
      const cutoff = this.minCutoff + (this.beta * Math.abs(smoothDerivative)) / speedScale;
      const a = smoothingFactor(cutoff, dt);
      out[i] = a * values[i] + (1 - a) * this.previous[i];
      this.previousDerivative[i] = smoothDerivative;
    }
    this.previous = out.slice();
    this.previousTime = timestampMs;
    return out;
  }

  /** Forgets the history: the next sample passes through unchanged. */
  reset(): void {
    this.previous = undefined;
    this.previousDerivative = new Float32Array(this.size);
  }
}
