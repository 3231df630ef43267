import { assertArgument } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_COUNT } from '../blendshapes/arkit.js';
import type { FaceLabel } from '../render/types.js';

/**
 * A {@link FaceLabel} as one JSON line of a dataset's `labels.jsonl`: weights as a plain array
 * (ARKit order), numbers rounded, plus the image file and sample index.
 *
 * @example
 * ```ts
 * declare const line: string; // one line of labels.jsonl
 * const record: FaceLabelRecord = JSON.parse(line);
 * const jawOpen = record.weights[blendshapeIndex('jawOpen')];
 * ```
 */
export interface FaceLabelRecord extends Omit<FaceLabel, 'weights'> {
  /** Image path relative to the dataset folder. */
  file: string;
  /** Sample index in the generating stream. */
  index: number;
  /** ARKit-52 weights in `ARKIT_BLENDSHAPE_NAMES` order. */
  weights: number[];
  /** The 468 projected landmarks as x y pairs (only when the writer was asked for them). */
  landmarks2d?: number[];
}

const roundTo = (digits: number) => {
  const k = 10 ** digits;
  return (v: number): number => Math.round(v * k) / k;
};

function roundDeep<T>(value: T, round: (v: number) => number): T {
  if (typeof value === 'number') return round(value) as T;
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, round)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, round)])) as T;
  }
  return value;
}

/**
 * Turns a rendered face's label into its JSON record: weights to 4 decimals, pose, camera,
 * light and box to 3, landmarks (when given) to 2.
 *
 * @throws FreeAvatarError when the label's weights are not 52 numbers or `index` is not a
 *   non-negative integer.
 * @example
 * ```ts
 * declare const renderer: FaceRenderer;
 * declare const scene: FaceScene;
 * const { label, landmarks2d } = renderer.render(scene);
 * const record = faceLabelRecord(label, { file: 'images/0.png', index: 0, landmarks2d });
 * const line = JSON.stringify(record);
 * ```
 */
export function faceLabelRecord(
  label: FaceLabel,
  where: { file: string; index: number; landmarks2d?: Float32Array },
): FaceLabelRecord {
  assertArgument(
    label?.weights?.length === ARKIT_BLENDSHAPE_COUNT,
    `label.weights must hold ${ARKIT_BLENDSHAPE_COUNT} numbers, got ${label?.weights?.length}`,
  );
  assertArgument(
    Number.isSafeInteger(where.index) && where.index >= 0,
    `index must be a non-negative integer, got ${where.index}`,
  );
  const { weights, ...rest } = label;
  const record: FaceLabelRecord = {
    file: where.file,
    index: where.index,
    ...roundDeep(rest, roundTo(3)),
    weights: Array.from(weights, roundTo(4)),
  };
  if (where.landmarks2d) record.landmarks2d = Array.from(where.landmarks2d, roundTo(2));
  return record;
}
