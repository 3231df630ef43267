import {
  FreeAvatarError,
  assertArgument,
  assertNonEmptyString,
  assertObject,
  invalidArgument,
  nodeIo,
} from '@freeavatar/core';
import { decodeIndex, encodeIndex } from './index-file.js';
import { TopK } from './top-k.js';

/** One result of {@link ExpressionIndex.search}. */
export interface SearchHit<M> {
  readonly id: string;
  /** Cosine similarity to the query, −1…1. */
  readonly score: number;
  /** Euclidean distance between the unit vectors, `√(2 − 2·score)`, 0…2. */
  readonly distance: number;
  readonly metadata: M | undefined;
}

/** Options of {@link ExpressionIndex.search}. */
export interface SearchOptions<M> {
  /** Only items for which this returns true are considered. */
  filter?: (id: string, metadata: M | undefined) => boolean;
  /** Only items with at least this cosine similarity are returned. */
  minScore?: number;
}

/** Options of the {@link ExpressionIndex} constructor. */
export interface ExpressionIndexOptions {
  /** Embedding width (default 16). */
  dim?: number;
  /** Items to allocate room for up front (default 1024); the store doubles when full. */
  initialCapacity?: number;
}

/**
 * An exact cosine-similarity index of expression embeddings with ids and metadata. Vectors are
 * normalised on insert and kept in one contiguous `Float32Array` (no tensor per item), which
 * doubles as it fills; search is a single pass of dot products with a bounded heap, fast enough
 * for a million 16-d items on a CPU. Removal moves the last item into the freed slot, so item
 * order is not kept.
 *
 * @example
 * ```ts
 * import { ExpressionIndex, createExpressionEncoder } from '@freeavatar/expression-encoder';
 * const encoder = await createExpressionEncoder();
 * declare const frames: string[]; // image files of face crops, one per frame
 * const index = new ExpressionIndex<{ frame: number }>();
 * const embeddings = await encoder.embed(frames);
 * embeddings.forEach((e, i) => index.add(`frame-${i}`, e, { frame: i }));
 * const [query] = await encoder.embed(['photo.png']);
 * const best = index.search(query, 5); // [{ id, score, distance, metadata }, …]
 * await index.save('frames.faidx');
 * ```
 */
export class ExpressionIndex<M = Record<string, unknown>> {
  /** Embedding width. */
  readonly dim: number;
  private vectors: Float32Array;
  private ids: string[] = [];
  private meta: (M | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly scratch = new Float64Array(BLOCK);

  constructor(options: ExpressionIndexOptions = {}) {
    assertObject(options as unknown, 'options');
    const dim = options.dim ?? 16;
    const capacity = options.initialCapacity ?? 1024;
    assertArgument(Number.isInteger(dim) && dim > 0, `dim must be a positive integer, got ${dim}`);
    assertArgument(
      Number.isInteger(capacity) && capacity > 0,
      `initialCapacity must be a positive integer, got ${capacity}`,
    );
    this.dim = dim;
    this.vectors = new Float32Array(capacity * dim);
  }

  /** Items in the index. */
  get size(): number {
    return this.ids.length;
  }

  /** Whether an item with this id is present. */
  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /**
   * Adds an item. The embedding is copied and normalised to unit length.
   *
   * @throws FreeAvatarError `INVALID_ARGUMENT` for a duplicate id, a wrong length, or a zero or
   *   non-finite vector.
   */
  add(id: string, embedding: ArrayLike<number>, metadata?: M): void {
    if (typeof id !== 'string' || id.length === 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `id must be a non-empty string, got ${String(id)}`,
      );
    }
    if (this.slotOf.has(id)) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `id "${id}" is already in the index; remove it first`,
        {
          subject: id,
        },
      );
    }
    const slot = this.ids.length;
    if ((slot + 1) * this.dim > this.vectors.length) {
      const grown = new Float32Array(this.vectors.length * 2);
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.writeUnit(embedding, slot * this.dim, id);
    this.ids.push(id);
    this.meta.push(metadata);
    this.slotOf.set(id, slot);
  }

  /**
   * Adds many items; stops at the first bad one (those before it stay added).
   *
   * @throws FreeAvatarError `INVALID_ARGUMENT` when `items` is not iterable, an item is not an
   *   object, or {@link ExpressionIndex.add} refuses one.
   */
  addMany(items: Iterable<{ id: string; embedding: ArrayLike<number>; metadata?: M }>): void {
    const iterable = items as unknown as { [Symbol.iterator]?: unknown } | null | undefined;
    if (typeof iterable?.[Symbol.iterator] !== 'function' || typeof items === 'string') {
      throw invalidArgument('items', 'an iterable of { id, embedding, metadata? }', items);
    }
    for (const item of items) {
      assertObject(item, 'each item');
      this.add(item.id, item.embedding, item.metadata);
    }
  }

  /** Removes an item; returns whether it was present. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const last = this.ids.length - 1;
    if (slot !== last) {
      this.vectors.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[slot] = this.ids[last];
      this.meta[slot] = this.meta[last];
      this.slotOf.set(this.ids[slot], slot);
    }
    this.ids.pop();
    this.meta.pop();
    this.slotOf.delete(id);
    return true;
  }

  /** The stored (unit) embedding and metadata of an item, or `undefined`. */
  get(id: string): { embedding: Float32Array; metadata: M | undefined } | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    return {
      embedding: this.vectors.slice(slot * this.dim, (slot + 1) * this.dim),
      metadata: this.meta[slot],
    };
  }

  /** All ids, in storage order. */
  keys(): string[] {
    return this.ids.slice();
  }

  /** Removes every item (keeps the allocated room). */
  clear(): void {
    this.ids = [];
    this.meta = [];
    this.slotOf.clear();
  }

  /**
   * The `k` items most similar to `query` by cosine similarity, best first. Exact: every item is
   * scored.
   *
   * @throws FreeAvatarError `INVALID_ARGUMENT` for a wrong-length, zero or non-finite query, or
   *   a `k` that is not a positive integer.
   */
  search(query: ArrayLike<number>, k = 10, options: SearchOptions<M> = {}): SearchHit<M>[] {
    assertArgument(Number.isInteger(k) && k > 0, `k must be a positive integer, got ${k}`);
    const q = new Float32Array(this.dim);
    this.normaliseInto(query, q, 0, () => 'query');
    const n = this.ids.length;
    const top = new TopK(Math.min(k, Math.max(1, n)));
    const { filter } = options;
    const minScore = options.minScore ?? -Infinity;
    const v = this.vectors;
    const dim = this.dim;
    const scores = this.scratch;
    // Score a block of items into a small buffer, then pick from it: keeping the heap out of
    // the multiply-add loop lets it run about twice as fast.
    for (let start = 0; start < n; start += BLOCK) {
      const end = Math.min(n, start + BLOCK);
      if (dim === 16) scoreBlock16(v, start, end, q, scores);
      else scoreBlock(v, dim, start, end, q, scores);
      let threshold = top.threshold;
      for (let i = start; i < end; i++) {
        const s = scores[i - start];
        if (s > threshold && (filter === undefined || filter(this.ids[i], this.meta[i]))) {
          top.push(s, i);
          threshold = top.threshold;
        }
      }
    }
    return top
      .sorted()
      .filter((hit) => hit.score >= minScore)
      .map(({ score, slot }) => ({
        id: this.ids[slot],
        score,
        distance: Math.sqrt(Math.max(0, 2 - 2 * score)),
        metadata: this.meta[slot],
      }));
  }

  /** The items most similar to a stored item, excluding itself. */
  searchById(id: string, k = 10, options: SearchOptions<M> = {}): SearchHit<M>[] {
    const item = this.get(id);
    if (item === undefined) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `id "${id}" is not in the index`, {
        subject: id,
      });
    }
    const filter = options.filter;
    return this.search(item.embedding, k, {
      ...options,
      filter: (other, m) => other !== id && (filter === undefined || filter(other, m)),
    });
  }

  /**
   * Serialises the index: an 8-byte magic, a JSON header (dim, count, ids, metadata), then the
   * float32 vectors. Metadata must be JSON-serialisable.
   */
  toBytes(): Uint8Array {
    return encodeIndex(
      this.dim,
      this.ids,
      this.meta,
      this.vectors.subarray(0, this.ids.length * this.dim),
    );
  }

  /** Rebuilds an index from {@link ExpressionIndex.toBytes} output. */
  static fromBytes<M = Record<string, unknown>>(bytes: Uint8Array): ExpressionIndex<M> {
    const { dim, ids, metadata, vectors } = decodeIndex(bytes);
    const index = new ExpressionIndex<M>({ dim, initialCapacity: Math.max(1, ids.length) });
    index.vectors.set(vectors);
    index.ids = ids;
    index.meta = metadata as (M | undefined)[];
    ids.forEach((id, slot) => {
      if (index.slotOf.has(id)) {
        throw new FreeAvatarError('INVALID_ARGUMENT', `the index data repeats id "${id}"`);
      }
      index.slotOf.set(id, slot);
    });
    return index;
  }

  /**
   * Writes the index to a file (Node); parent folders are created.
   *
   * @throws FreeAvatarError `INVALID_ARGUMENT` when `path` is not a non-empty string.
   */
  async save(path: string): Promise<void> {
    assertNonEmptyString(path, 'path');
    const { fs, path: p } = await nodeIo();
    await fs.mkdir(p.dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await fs.writeFile(tmp, this.toBytes());
    await fs.rename(tmp, path);
  }

  /**
   * Reads an index written by {@link ExpressionIndex.save} (Node).
   *
   * @throws FreeAvatarError `FILE_NOT_FOUND` when the file cannot be read, `INVALID_ARGUMENT`
   *   when it is not an index file.
   */
  static async load<M = Record<string, unknown>>(path: string): Promise<ExpressionIndex<M>> {
    const { fs } = await nodeIo();
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(path);
    } catch (cause) {
      throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read index file ${path}`, {
        subject: path,
        cause,
      });
    }
    try {
      return ExpressionIndex.fromBytes<M>(bytes);
    } catch (cause) {
      if (!(cause instanceof FreeAvatarError)) throw cause;
      throw new FreeAvatarError(
        cause.code,
        `${path}: ${cause.message}; write one with ExpressionIndex.save or \`freeavatar embed --index FILE\``,
        { subject: path, cause },
      );
    }
  }

  /** Writes `values / ‖values‖` into `out`; `what` names the vector in errors. */
  private normaliseInto(
    values: ArrayLike<number>,
    out: Float32Array,
    offset: number,
    what: () => string,
  ): void {
    const dim = this.dim;
    if (values === null || typeof values !== 'object' || values.length !== dim) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${what()} must have ${dim} values, got ${(values as ArrayLike<number> | null)?.length}`,
      );
    }
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += values[j] * values[j];
    if (!(Number.isFinite(sum) && sum > 0)) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `${what()} must be finite and not all zero`);
    }
    const inv = 1 / Math.sqrt(sum);
    for (let j = 0; j < dim; j++) out[offset + j] = values[j] * inv;
  }

  private writeUnit(values: ArrayLike<number>, offset: number, id: string): void {
    this.normaliseInto(values, this.vectors, offset, () => `embedding of "${id}"`);
  }
}

/** Items scored per block in {@link ExpressionIndex.search}. */
const BLOCK = 4096;

/** Dot products of items `start…end−1` with `q`, into `out[0…]`. */
function scoreBlock(
  v: Float32Array,
  dim: number,
  start: number,
  end: number,
  q: Float32Array,
  out: Float64Array,
): void {
  for (let i = start, o = start * dim; i < end; i++, o += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += v[o + j] * q[j];
    out[i - start] = s;
  }
}

/** {@link scoreBlock} for 16-d embeddings, unrolled. */
function scoreBlock16(
  v: Float32Array,
  start: number,
  end: number,
  q: Float32Array,
  out: Float64Array,
): void {
  const [q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15] = q;
  for (let i = start, o = start * 16; i < end; i++, o += 16) {
    out[i - start] =
      v[o] * q0 +
      v[o + 1] * q1 +
      v[o + 2] * q2 +
      v[o + 3] * q3 +
      v[o + 4] * q4 +
      v[o + 5] * q5 +
      v[o + 6] * q6 +
      v[o + 7] * q7 +
      v[o + 8] * q8 +
      v[o + 9] * q9 +
      v[o + 10] * q10 +
      v[o + 11] * q11 +
      v[o + 12] * q12 +
      v[o + 13] * q13 +
      v[o + 14] * q14 +
      v[o + 15] * q15;
  }
}
