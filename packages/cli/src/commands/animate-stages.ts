import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
import type { DetectedFace, FaceCropper } from '@freeavatar/face-crop';

/**
 * The stages of `freeavatar animate` that {@link StageClock} times: reading frames, finding and
 * aligning the face, the expression encoder, the rest of the animator (rig network, smoothing),
 * drawing and encoding the preview, and writing the animation files.
 *
 * @example
 * ```ts
 * for (const stage of ANIMATE_STAGES) console.log(stage);
 * ```
 */
export const ANIMATE_STAGES = ['decode', 'crop', 'encode', 'animate', 'preview', 'export'] as const;

/**
 * One of {@link ANIMATE_STAGES}.
 *
 * @example
 * ```ts
 * const stage: AnimateStage = 'encode';
 * ```
 */
export type AnimateStage = (typeof ANIMATE_STAGES)[number];

interface OpenSpan {
  readonly stage: AnimateStage;
  readonly start: number;
  inner: number;
}

/**
 * Wall time per stage, exclusive: a stage timed inside another (the face cropper inside the
 * animator) is taken out of the outer one, so the stages add up to the time measured. Meant
 * for one sequential pipeline; spans must not overlap except by nesting.
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const clock = new StageClock();
 * const faces = await clock.time('crop', () => cropper.detect('frame.png'));
 * console.log(clock.totals().crop, 'ms');
 * ```
 */
export class StageClock {
  private readonly ms: Record<AnimateStage, number> = {
    decode: 0,
    crop: 0,
    encode: 0,
    animate: 0,
    preview: 0,
    export: 0,
  };
  private readonly open: OpenSpan[] = [];

  /** Runs `work` and books its time, less that of stages nested in it, to `stage`. */
  async time<T>(stage: AnimateStage, work: () => Promise<T> | T): Promise<T> {
    const span: OpenSpan = { stage, start: performance.now(), inner: 0 };
    this.open.push(span);
    try {
      return await work();
    } finally {
      const elapsed = performance.now() - span.start;
      const at = this.open.lastIndexOf(span);
      if (at >= 0) this.open.splice(at, 1);
      this.ms[stage] += elapsed - span.inner;
      const outer = this.open[this.open.length - 1];
      if (outer) outer.inner += elapsed;
    }
  }

  /** Milliseconds booked to each stage so far. */
  totals(): Record<AnimateStage, number> {
    return { ...this.ms };
  }

  /** Each stage's share of the booked time, 0–1 (all 0 before anything was timed). */
  shares(): Record<AnimateStage, number> {
    const sum = ANIMATE_STAGES.reduce((s, k) => s + this.ms[k], 0);
    return Object.fromEntries(
      ANIMATE_STAGES.map((k) => [k, sum > 0 ? this.ms[k] / sum : 0]),
    ) as Record<AnimateStage, number>;
  }
}

/**
 * A face cropper that books its calls to the `crop` stage of `clock` and remembers the faces it
 * found last (for the preview's actor cell). Disposing it disposes `cropper`.
 *
 * @example
 * ```ts
 * const cropper = timedFaceCropper(await createFaceCropper(), clock);
 * await cropper.detectForVideo(frame, 0);
 * const crop = cropper.lastFaces[0]?.crop;
 * ```
 */
export function timedFaceCropper(
  cropper: FaceCropper,
  clock: StageClock,
): FaceCropper & { readonly lastFaces: readonly DetectedFace[] } {
  let lastFaces: readonly DetectedFace[] = [];
  const remember = (faces: DetectedFace[]): DetectedFace[] => {
    lastFaces = faces;
    return faces;
  };
  return {
    get options() {
      return cropper.options;
    },
    get lastTimings() {
      return cropper.lastTimings;
    },
    get lastFaces() {
      return lastFaces;
    },
    detect: async (image, callOptions) =>
      remember(await clock.time('crop', () => cropper.detect(image, callOptions))),
    detectForVideo: async (frame, timestampMs, callOptions) =>
      remember(
        await clock.time('crop', () => cropper.detectForVideo(frame, timestampMs, callOptions)),
      ),
    reset: () => {
      lastFaces = [];
      cropper.reset();
    },
    dispose: () => cropper.dispose(),
  };
}

/**
 * An expression encoder whose forward passes are booked to the `encode` stage of `clock`
 * (face finding inside `embedImages` goes to `crop` when its cropper is timed too). Disposing
 * it disposes `encoder`.
 *
 * @example
 * ```ts
 * const encoder = timedEncoder(await createExpressionEncoder({ model: 'default' }), clock);
 * const features = await encoder.features([crop]);
 * ```
 */
export function timedEncoder(encoder: ExpressionEncoder, clock: StageClock): ExpressionEncoder {
  return {
    get config() {
      return encoder.config;
    },
    get model() {
      return encoder.model;
    },
    get backend() {
      return encoder.backend;
    },
    embed: (faces) => clock.time('encode', () => encoder.embed(faces)),
    features: (faces) => clock.time('encode', () => encoder.features(faces)),
    run: (faces) => clock.time('encode', () => encoder.run(faces)),
    embedImages: (images) => clock.time('encode', () => encoder.embedImages(images)),
    distance: (a, b) => encoder.distance(a, b),
    dispose: () => encoder.dispose(),
  };
}
