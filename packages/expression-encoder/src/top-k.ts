/**
 * Keeps the `k` largest scores seen, as a binary min-heap over parallel typed arrays (no
 * allocation per candidate).
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly slots: Int32Array;
  private count = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.slots = new Int32Array(k);
  }

  /** The smallest kept score, or −∞ while fewer than `k` are kept. */
  get threshold(): number {
    return this.count < this.k ? -Infinity : this.scores[0];
  }

  /** Offers a candidate; kept when it beats the current threshold. */
  push(score: number, slot: number): void {
    if (this.count < this.k) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.scores[i] = this.scores[parent];
        this.slots[i] = this.slots[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.slots[i] = slot;
      return;
    }
    if (score <= this.scores[0]) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.count;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.scores[right] < this.scores[left] ? right : left;
      if (this.scores[child] >= score) break;
      this.scores[i] = this.scores[child];
      this.slots[i] = this.slots[child];
      i = child;
    }
    this.scores[i] = score;
    this.slots[i] = slot;
  }

  /** The kept candidates, best first (ties: lower slot first). */
  sorted(): { score: number; slot: number }[] {
    const out = Array.from({ length: this.count }, (_, i) => ({
      score: this.scores[i],
      slot: this.slots[i],
    }));
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }
}
