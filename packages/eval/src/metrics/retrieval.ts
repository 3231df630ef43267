import { FreeAvatarError } from '@freeavatar/core';
import {
  assertLabels,
  assertPositiveInteger,
  assertSameLength,
  assertVectors,
  type NumericArray,
} from './validate.js';

/** Options of {@link retrievalMetrics}. */
export interface RetrievalOptions {
  /** The cut-offs for recall@k. Default `[1, 5, 10]`. */
  readonly ks?: readonly number[];
}

/** Retrieval quality of an embedding space, using every item in turn as the query. */
export interface RetrievalMetrics {
  /**
   * For each k, the fraction of queries with at least one item of the query's label among its
   * k nearest neighbours by cosine similarity (the query itself excluded). When k is larger than
   * the gallery, the whole gallery counts.
   */
  readonly recallAtK: Readonly<Record<number, number>>;
  /** Mean over queries of the average precision of the full ranking. */
  readonly meanAveragePrecision: number;
  /** Mean average precision of the queries of each label (keys are `String(label)`). */
  readonly averagePrecisionByLabel: Readonly<Record<string, number>>;
  /** Queries that were scored. */
  readonly queries: number;
  /** Queries skipped because no other item has their label. */
  readonly skippedQueries: number;
}

/**
 * Retrieval recall@k and mean average precision by label (e.g. emotion), ranking by cosine
 * similarity. Each item is a query against all the others; items whose label no other item
 * shares are skipped. Equal similarities keep index order, so results are deterministic.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, ragged or non-finite embeddings, zero
 *   vectors, a label count that differs from the embedding count, bad `ks`, or when no item shares
 *   a label with another.
 * @example
 * ```ts
 * const embeddings = [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]];
 * const r = retrievalMetrics(embeddings, ['happy', 'happy', 'sad', 'sad'], { ks: [1] });
 * r.recallAtK[1]; // 1
 * r.meanAveragePrecision; // 1
 * ```
 */
export function retrievalMetrics(
  embeddings: readonly NumericArray[],
  labels: readonly (string | number)[],
  options: RetrievalOptions = {},
): RetrievalMetrics {
  assertVectors(embeddings, 'embeddings');
  assertLabels(labels, 'labels');
  assertSameLength(embeddings, labels, 'embeddings', 'labels');
  const ks = options.ks ?? [1, 5, 10];
  if (!Array.isArray(ks) || ks.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `ks must be a non-empty array, got ${String(ks)}`,
    );
  }
  ks.forEach((k, i) => assertPositiveInteger(k, `ks[${i}]`));

  const n = embeddings.length;
  const unit = normalizedRows(embeddings);
  const sim = new Float64Array(n);
  const hits = new Map<number, number>(ks.map((k) => [k, 0]));
  const apSum = new Map<string, { sum: number; count: number }>();
  let queries = 0;
  let totalAp = 0;
  for (let q = 0; q < n; q++) {
    const label = labels[q];
    const order: number[] = [];
    for (let j = 0; j < n; j++) if (j !== q) order.push(j);
    const relevantTotal = order.filter((j) => labels[j] === label).length;
    if (relevantTotal === 0) continue;
    for (const j of order) sim[j] = dot(unit[q], unit[j]);
    order.sort((a, b) => sim[b] - sim[a] || a - b);
    let firstHit = -1;
    let found = 0;
    let ap = 0;
    for (let r = 0; r < order.length; r++) {
      if (labels[order[r]] !== label) continue;
      if (firstHit < 0) firstHit = r;
      found++;
      ap += found / (r + 1);
    }
    ap /= relevantTotal;
    for (const k of ks) if (firstHit < k) hits.set(k, (hits.get(k) ?? 0) + 1);
    const key = String(label);
    const entry = apSum.get(key) ?? { sum: 0, count: 0 };
    entry.sum += ap;
    entry.count++;
    apSum.set(key, entry);
    totalAp += ap;
    queries++;
  }
  if (queries === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `labels must repeat: no item shares its label with another among ${n} items`,
    );
  }
  const recallAtK: Record<number, number> = {};
  for (const k of ks) recallAtK[k] = (hits.get(k) ?? 0) / queries;
  const averagePrecisionByLabel: Record<string, number> = {};
  for (const [key, { sum, count }] of apSum) averagePrecisionByLabel[key] = sum / count;
  return {
    recallAtK,
    meanAveragePrecision: totalAp / queries,
    averagePrecisionByLabel,
    queries,
    skippedQueries: n - queries,
  };
}

/** Each row divided by its length; throws on a zero row. */
function normalizedRows(embeddings: readonly NumericArray[]): Float64Array[] {
  return embeddings.map((row, i) => {
    let norm = 0;
    for (let k = 0; k < row.length; k++) norm += row[k] * row[k];
    if (norm === 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `embeddings[${i}] is a zero vector; cosine retrieval needs non-zero embeddings`,
      );
    }
    const inv = 1 / Math.sqrt(norm);
    return Float64Array.from(row, (v) => v * inv);
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}
