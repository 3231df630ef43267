import { OneEuroFilter, type OneEuroOptions } from '@freeavatar/core';

/**
 * Per-avatar video state of an animator: a One-Euro filter per avatar (or none) and the last
 * pose given, which is held through frames without a face.
 *
 * @example
 * ```ts
 * const history = new RigHistory({ minCutoff: 1.5, beta: 0.5, derivativeCutoff: 1 });
 * const smooth = history.update('toon', rawVector, timestampMs);
 * const held = history.held('toon', rawVector.length); // when the next frame has no face
 * ```
 */
export class RigHistory {
  private readonly filters = new Map<string, OneEuroFilter>();
  private readonly last = new Map<string, Float32Array>();

  constructor(private readonly smoothing: Required<OneEuroOptions> | false) {}

  /** Smooths a fresh rig vector seen at `timestampMs` and remembers it as the pose to hold. */
  update(avatar: string, vector: Float32Array, timestampMs: number): Float32Array {
    let out = vector;
    if (this.smoothing !== false) {
      let filter = this.filters.get(avatar);
      if (filter === undefined) {
        filter = new OneEuroFilter(vector.length, this.smoothing);
        this.filters.set(avatar, filter);
      }
      out = filter.filter(vector, timestampMs);
    }
    this.last.set(avatar, out);
    return out.slice();
  }

  /** The pose to hold for a frame without a face: the last one, or all zeros (neutral). */
  held(avatar: string, size: number): Float32Array {
    return this.last.get(avatar)?.slice() ?? new Float32Array(size);
  }

  /** Forgets every filter and held pose. */
  clear(): void {
    this.filters.clear();
    this.last.clear();
  }
}
