/**
 * The One-Euro filter (Casiez, Roussel and Vogel, CHI 2012) for one value: an exponential
 * smoother whose cut-off frequency rises with the value's speed, so still values are steadied
 * and fast motion is followed with little lag.
 */
export class OneEuroFilter {
  private last: number | undefined;
  private lastSpeed = 0;
  private lastTime = 0;

  /**
   * @param minCutoff - cut-off frequency (Hz) at rest.
   * @param beta - cut-off increase per unit of speed (units of the value, divided by `speedUnit`, per second).
   * @param derivativeCutoff - cut-off (Hz) of the speed estimate.
   */
  constructor(
    private readonly minCutoff: number,
    private readonly beta: number,
    private readonly derivativeCutoff = 1,
  ) {}

  /**
   * Filters `value` observed at `timeMs`; `speedUnit` divides the speed before `beta` applies
   * (e.g. the face size, to make position speed size-independent).
   */
  filter(value: number, timeMs: number, speedUnit = 1): number {
    if (this.last === undefined) {
      this.last = value;
      this.lastTime = timeMs;
      return value;
    }
    const dt = Math.max((timeMs - this.lastTime) / 1000, 1e-6);
    const alpha = (cutoff: number): number => 1 / (1 + 1 / (2 * Math.PI * cutoff * dt));
    const speed = (value - this.last) / dt;
    const aD = alpha(this.derivativeCutoff);
    this.lastSpeed = aD * speed + (1 - aD) * this.lastSpeed;
    const cutoff = this.minCutoff + (this.beta * Math.abs(this.lastSpeed)) / speedUnit;
    const a = alpha(cutoff);
    this.last = a * value + (1 - a) * this.last;
    this.lastTime = timeMs;
    return this.last;
  }
}
