import { FreeAvatarError, assertArgument, createRng, type Rng } from '@freeavatar/core';
import { createExpressionDistance, type ExpressionDistance } from '../expressions/distance.js';
import type { Emotion } from '../expressions/prototypes.js';
import { sampleExpression, type SampledExpression } from '../expressions/sampler.js';
import type { FaceScene } from '../render/types.js';
import { createEmotionCategorizer, type EmotionCategorizer } from './emotion-category.js';
import {
  IDENTITY_BLOCK,
  createFaceSceneStream,
  type FaceSceneStream,
  type FaceStreamOptions,
} from './scene-stream.js';

/**
 * The FEC triplet types: how many emotion categories the three faces span.
 *
 * @example
 * ```ts
 * import { TRIPLET_TYPES } from '@freeavatar/synth';
 * TRIPLET_TYPES.forEach((type) => console.log(type));
 * ```
 */
export const TRIPLET_TYPES = ['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'] as const;

/** One of {@link TRIPLET_TYPES}; the same strings as the expression encoder's `TripletType`. */
export type SynthTripletType = (typeof TRIPLET_TYPES)[number];

/**
 * Options of {@link createTripletSampler}: a face stream's options plus how triplets are chosen.
 *
 * @example
 * ```ts
 * const options: TripletSamplerOptions = { split: 'train', seed: 1, minGap: 0.25 };
 * ```
 */
export interface TripletSamplerOptions extends FaceStreamOptions {
  /** Relative frequency of each type; default equal. */
  typeWeights?: Partial<Record<SynthTripletType, number>>;
  /**
   * A triplet is ambiguous, and dropped, unless its closest pair is closer than the next pair by
   * at least this fraction of the next pair's distance; default 0.2.
   */
  minGap?: number;
  /** ... and by at least this absolute expression distance; default 0.05. */
  minGapAbsolute?: number;
  /**
   * Drop two-class triplets whose odd one by distance is not the face of the other category;
   * default true.
   */
  dropCategoryConflicts?: boolean;
  /** Expression draws allowed to find a face of a wanted category; default 500. */
  maxDraws?: number;
  /** Categorizer to use (default: a new one); share one between samplers to save its build. */
  categorizer?: EmotionCategorizer;
  /** Distance that decides the odd one out (default: `createExpressionDistance()`). */
  distance?: ExpressionDistance;
}

/**
 * One synthetic triplet, FEC style: three faces in file order, the 1-based position of the
 * odd one out (`answer`), and which positions are anchor, positive and negative.
 *
 * @example
 * ```ts
 * const sampler = createTripletSampler({ split: 'train', seed: 1 });
 * const t: SynthTriplet = sampler.tripletAt(0);
 * const negativeScene = t.faces[t.negative];
 * ```
 */
export interface SynthTriplet {
  index: number;
  type: SynthTripletType;
  faces: [FaceScene, FaceScene, FaceScene];
  /** Emotion category of each face, file order. */
  emotions: [Emotion, Emotion, Emotion];
  /** 1-based position of the face most different from the other two. */
  answer: 1 | 2 | 3;
  anchor: 0 | 1 | 2;
  positive: 0 | 1 | 2;
  negative: 0 | 1 | 2;
  /** Expression distances between the roles. */
  distances: { anchorPositive: number; anchorNegative: number; positiveNegative: number };
  /** Candidates dropped before this one was accepted, by reason. */
  dropped: { ambiguous: number; conflicting: number };
}

/**
 * Draws synthetic triplets; made by {@link createTripletSampler}.
 *
 * @example
 * ```ts
 * const sampler: TripletSampler = createTripletSampler({ split: 'train', seed: 1 });
 * const { type, answer } = sampler.tripletAt(7);
 * ```
 */
export interface TripletSampler {
  readonly stream: FaceSceneStream;
  /** The categorizer that gives faces their emotion. */
  readonly categorizer: EmotionCategorizer;
  /** Triplet `index`: a function of the options and the index only. */
  tripletAt(index: number): SynthTriplet;
}

type Position = 0 | 1 | 2;

/** Candidates tried for one triplet before giving up. */
const MAX_CANDIDATES = 1000;

function pickType(rng: Rng, weights: Record<SynthTripletType, number>): SynthTripletType {
  const total = TRIPLET_TYPES.reduce((s, t) => s + weights[t], 0);
  let r = rng.next() * total;
  for (const t of TRIPLET_TYPES) {
    r -= weights[t];
    if (r < 0) return t;
  }
  return 'THREE_CLASS';
}

/**
 * Creates a sampler of synthetic FEC-style triplets. For triplet `i` it draws a type (by
 * `typeWeights`), then three expressions whose emotion categories fit it: all one category
 * (ONE_CLASS), two of one and one of another (TWO_CLASS) or three different (THREE_CLASS). The
 * expression distance decides the odd one out: the two faces of the closest pair are anchor and
 * positive, the third is the negative. The type is drawn once per index; a candidate is dropped as ambiguous when the closest pair
 * is not clearly closer than the next (see `minGap`), and a two-class candidate is dropped when
 * distance and categories disagree on the odd one; the sampler then draws again for the same
 * index. Each face gets its own identity, pose, light, background and occluders from the face
 * stream's options, and the negative's position in the file order is random.
 *
 * @throws FreeAvatarError for options out of range; `tripletAt` throws when the expression
 *   options cannot produce the categories a type needs within `maxDraws`.
 * @example
 * ```ts
 * import { createFaceRenderer, createTripletSampler } from '@freeavatar/synth';
 * const sampler = createTripletSampler({ split: 'train', seed: 1 });
 * const renderer = createFaceRenderer({ size: 112 });
 * const t = sampler.tripletAt(0);
 * const [a, p, n] = [t.anchor, t.positive, t.negative].map((i) => renderer.render(t.faces[i]).image);
 * ```
 */
export function createTripletSampler(options: TripletSamplerOptions): TripletSampler {
  const stream = createFaceSceneStream(options);
  const weights = { ONE_CLASS: 1, TWO_CLASS: 1, THREE_CLASS: 1, ...(options.typeWeights ?? {}) };
  for (const t of TRIPLET_TYPES) {
    assertArgument(
      Number.isFinite(weights[t]) && weights[t] >= 0,
      `typeWeights.${t} must be a finite number >= 0, got ${weights[t]}`,
    );
  }
  assertArgument(
    TRIPLET_TYPES.some((t) => weights[t] > 0),
    'typeWeights must give at least one type a positive weight',
  );
  const minGap = options.minGap ?? 0.2;
  const minGapAbsolute = options.minGapAbsolute ?? 0.05;
  assertArgument(minGap >= 0 && minGap < 1, `minGap must be in [0, 1), got ${minGap}`);
  assertArgument(
    Number.isFinite(minGapAbsolute) && minGapAbsolute >= 0,
    `minGapAbsolute must be a finite number >= 0, got ${minGapAbsolute}`,
  );
  const maxDraws = options.maxDraws ?? 500;
  assertArgument(
    Number.isInteger(maxDraws) && maxDraws >= 1,
    `maxDraws must be a positive integer, got ${maxDraws}`,
  );
  const dropConflicts = options.dropCategoryConflicts ?? true;
  const categorizer = options.categorizer ?? createEmotionCategorizer();
  const metric = options.distance ?? createExpressionDistance();

  const draw = (
    rng: Rng,
    accept: (emotion: Emotion) => boolean,
    wanted: string,
  ): [SampledExpression, Emotion] => {
    for (let k = 0; k < maxDraws; k++) {
      const expression = sampleExpression(rng, options.expression);
      const emotion = categorizer.category(expression.weights);
      if (accept(emotion)) return [expression, emotion];
    }
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `no expression of ${wanted} in ${maxDraws} draws; the expression options do not produce the categories a triplet type needs (adjust expression.kindWeights or typeWeights)`,
    );
  };

  const candidate = (rng: Rng, type: SynthTripletType): [SampledExpression[], Emotion[]] => {
    const exprRng = rng.fork('expressions');
    const [e1, c1] = draw(exprRng, () => true, 'any category');
    let second: [SampledExpression, Emotion];
    let third: [SampledExpression, Emotion];
    if (type === 'ONE_CLASS') {
      second = draw(exprRng, (c) => c === c1, `category ${c1}`);
      third = draw(exprRng, (c) => c === c1, `category ${c1}`);
    } else if (type === 'TWO_CLASS') {
      second = draw(exprRng, (c) => c === c1, `category ${c1}`);
      third = draw(exprRng, (c) => c !== c1, `a category other than ${c1}`);
    } else {
      second = draw(exprRng, (c) => c !== c1, `a category other than ${c1}`);
      const c2 = second[1];
      third = draw(exprRng, (c) => c !== c1 && c !== c2, `a category other than ${c1} and ${c2}`);
    }
    return [
      [e1, second[0], third[0]],
      [c1, second[1], third[1]],
    ];
  };

  return {
    stream,
    categorizer,
    tripletAt(index) {
      assertArgument(
        Number.isSafeInteger(index) && index >= 0,
        `index must be a non-negative integer, got ${index}`,
      );
      const root = createRng(options.seed).fork(`triplet:${index}`);
      const type = pickType(root.fork('type'), weights);
      const dropped = { ambiguous: 0, conflicting: 0 };
      for (let attempt = 0; attempt < MAX_CANDIDATES; attempt++) {
        const rng = root.fork(attempt);
        const [expressions, emotions] = candidate(rng, type);
        const w = expressions.map((e) => e.weights);
        // pairs[k] is the pair that leaves out face k.
        const pairDistance = [
          metric.distance(w[1], w[2]),
          metric.distance(w[0], w[2]),
          metric.distance(w[0], w[1]),
        ];
        const order = [0, 1, 2].sort((a, b) => pairDistance[a] - pairDistance[b]);
        const [closest, next] = [pairDistance[order[0]], pairDistance[order[1]]];
        const odd = order[0] as Position;
        if (next - closest < Math.max(minGap * next, minGapAbsolute)) {
          dropped.ambiguous++;
          continue;
        }
        if (type === 'TWO_CLASS' && dropConflicts) {
          const categoryOdd = emotions[0] === emotions[1] ? 2 : emotions[0] === emotions[2] ? 1 : 0;
          if (categoryOdd !== odd) {
            dropped.conflicting++;
            continue;
          }
        }
        // Roles in candidate order, then a random file order with the negative anywhere.
        const pair = ([0, 1, 2] as Position[]).filter((k) => k !== odd);
        const layout = rng.fork('layout');
        const roles = layout.shuffle(pair);
        const slot = layout.int(3) as Position;
        const files: Position[] = [...roles];
        files.splice(slot, 0, odd);
        const block = Math.floor((3 * index) / IDENTITY_BLOCK);
        const faces = files.map((k) =>
          stream.sceneWith(rng.fork(`face:${k}`), block, expressions[k]),
        ) as SynthTriplet['faces'];
        const position = (k: Position): Position => files.indexOf(k) as Position;
        const [a, p] = roles;
        return {
          index,
          type,
          faces,
          emotions: files.map((k) => emotions[k]) as SynthTriplet['emotions'],
          answer: (slot + 1) as 1 | 2 | 3,
          anchor: position(a),
          positive: position(p),
          negative: slot,
          distances: {
            anchorPositive: pairDistance[odd],
            anchorNegative: metric.distance(w[a], w[odd]),
            positiveNegative: metric.distance(w[p], w[odd]),
          },
          dropped,
        };
      }
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `triplet ${index}: all ${MAX_CANDIDATES} candidates were dropped (${dropped.ambiguous} ambiguous, ${dropped.conflicting} conflicting); lower minGap (${minGap}) or minGapAbsolute (${minGapAbsolute})`,
      );
    },
  };
}
