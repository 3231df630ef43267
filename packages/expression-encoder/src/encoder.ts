import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertNumbers,
  initBackend,
  type BackendName,
  type ImageInput,
  type ModelSource,
} from '@freeavatar/core';
import {
  createFaceCropper,
  realignFace,
  type DetectedFace,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import type { ExpressionModel } from './expression-model.js';
import { facesToBatch, type FaceBatchInput } from './image-batch.js';
import { loadExpressionModel, resolveDefaultModel } from './model-file.js';
import type { VitConfig } from './presets.js';

/** Load-time options of {@link createExpressionEncoder}. */
export interface ExpressionEncoderOptions {
  /**
   * The weights: `'default'` (the package's shipped `tiny` model), a path or URL of a
   * `model.json` (a saved model or a stage-2 training checkpoint), or a `tf.io.IOHandler`.
   * Default `'default'`.
   */
  model?: 'default' | ModelSource;
  /**
   * The TensorFlow.js backend(s) to use, in order of preference, through `initBackend` of
   * `@freeavatar/core` (which also prepares wasm and WebGPU in Node). Default: leave the active
   * backend as it is.
   */
  backend?: BackendName | readonly BackendName[];
  /** Faces per forward pass when a call gets more (default 32). */
  batchSize?: number;
  /**
   * For {@link ExpressionEncoder.embedImages}: options of the face cropper created on first use,
   * or a cropper to share (not disposed by the encoder). Default: `{ cropSize: imageSize·2 }`
   * clamped to 32–512, `maxFaces: 4`.
   */
  faceCropper?: FaceCropperOptions | FaceCropper;
}

/** One face found by {@link ExpressionEncoder.embedImages}. */
export interface FaceEmbedding {
  /** Index of the image in the call's list. */
  readonly image: number;
  /** The detected face (box, landmarks, aligned crop, head pose). */
  readonly face: DetectedFace;
  /** The unit expression embedding. */
  readonly embedding: Float32Array;
}

/**
 * The expression encoder: aligned face crops in, compact expression embeddings out. Made by
 * {@link createExpressionEncoder}. Results are plain `Float32Array`s; no tensor escapes.
 */
export interface ExpressionEncoder {
  /** The model's configuration (input size, widths). */
  readonly config: VitConfig;
  /**
   * The underlying model, for tensor-level use (e.g. a differentiable perceptual loss):
   * `encoder.model.embed(batch)` on `[n, s, s, 3]` floats in 0–1. Owned by the encoder.
   */
  readonly model: ExpressionModel;
  /** The backend the encoder runs on. */
  readonly backend: string;
  /**
   * Unit-length expression embeddings (`config.embeddingDim`, 16 by default), one per face.
   * Faces are aligned crops (e.g. `DetectedFace.crop` from `@freeavatar/face-crop`); any size,
   * resized to the model's input.
   */
  embed(faces: FaceBatchInput): Promise<Float32Array[]>;
  /** The pooled backbone features (`config.dim` wide), one per face. */
  features(faces: FaceBatchInput): Promise<Float32Array[]>;
  /** Both at once, from one forward pass. */
  run(faces: FaceBatchInput): Promise<{ embeddings: Float32Array[]; features: Float32Array[] }>;
  /**
   * Finds the faces in whole images (face-crop: detection, landmarks, alignment) and embeds each
   * aligned crop; one result per detected face, in image order.
   */
  embedImages(images: ImageInput | readonly ImageInput[]): Promise<FaceEmbedding[]>;
  /**
   * Euclidean distance between two embeddings, `‖a − b‖`. For unit embeddings it lies in
   * [0, 2] and equals `√(2 − 2·cos θ)`, so it orders pairs exactly as cosine similarity does.
   * This is the distance the triplet loss and the triplet-accuracy rule use.
   *
   * @throws FreeAvatarError `INVALID_ARGUMENT` naming `a` or `b` when it is not an array of
   *   numbers, or when their lengths differ or are zero.
   */
  distance(a: ArrayLike<number>, b: ArrayLike<number>): number;
  /** Frees the model (and the face cropper it created); later calls throw `DISPOSED`. */
  dispose(): void;
}

function embeddingDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertNumbers(a, 'a');
  assertNumbers(b, 'b');
  assertArgument(
    a.length === b.length && a.length > 0,
    `distance needs two embeddings of the same non-zero length, got ${a.length} and ${b.length}`,
  );
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  assertArgument(Number.isFinite(sum), 'distance needs finite embeddings');
  return Math.sqrt(sum);
}

function rows(values: Float32Array, n: number, width: number): Float32Array[] {
  return Array.from({ length: n }, (_, i) => values.slice(i * width, (i + 1) * width));
}

function isCropper(value: unknown): value is FaceCropper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FaceCropper).detect === 'function'
  );
}

class ExpressionEncoderImpl implements ExpressionEncoder {
  private live: ExpressionModel | undefined;
  private cropper: FaceCropper | undefined;
  private cropperPromise: Promise<FaceCropper> | undefined;

  constructor(
    model: ExpressionModel,
    readonly backend: string,
    private readonly batchSize: number,
    private readonly cropperOption: FaceCropperOptions | FaceCropper | undefined,
  ) {
    this.live = model;
  }

  get model(): ExpressionModel {
    return this.check();
  }

  get config(): VitConfig {
    return this.check().config;
  }

  async embed(faces: FaceBatchInput): Promise<Float32Array[]> {
    return (await this.run(faces)).embeddings;
  }

  async features(faces: FaceBatchInput): Promise<Float32Array[]> {
    return (await this.run(faces)).features;
  }

  async run(
    faces: FaceBatchInput,
  ): Promise<{ embeddings: Float32Array[]; features: Float32Array[] }> {
    const model = this.check();
    const { imageSize, embeddingDim, dim } = model.config;
    const count =
      faces instanceof tf.Tensor ? faces.shape[0] : (faces as readonly ImageInput[])?.length;
    const embeddings: Float32Array[] = [];
    const features: Float32Array[] = [];
    for (let start = 0; start < (count ?? 1); start += this.batchSize) {
      const chunk =
        faces instanceof tf.Tensor
          ? count <= this.batchSize
            ? faces
            : (tf.slice(faces, start, Math.min(this.batchSize, count - start)) as tf.Tensor4D)
          : Array.isArray(faces)
            ? faces.slice(start, start + this.batchSize)
            : faces;
      let batch: tf.Tensor4D | undefined;
      try {
        batch = await facesToBatch(chunk, imageSize);
        const out = model.run(batch);
        try {
          const n = batch.shape[0];
          const [e, f] = await Promise.all([out.embeddings.data(), out.features.data()]);
          embeddings.push(...rows(e as Float32Array, n, embeddingDim));
          features.push(...rows(f as Float32Array, n, dim));
        } finally {
          tf.dispose([out.embeddings, out.features]);
        }
      } finally {
        batch?.dispose();
        if (chunk !== faces && chunk instanceof tf.Tensor) chunk.dispose();
      }
    }
    return { embeddings, features };
  }

  async embedImages(images: ImageInput | readonly ImageInput[]): Promise<FaceEmbedding[]> {
    const model = this.check();
    const list = Array.isArray(images) ? (images as readonly ImageInput[]) : [images as ImageInput];
    const cropper = await this.faceCropper(model);
    const found: { image: number; face: DetectedFace }[] = [];
    for (let i = 0; i < list.length; i++) {
      for (const face of await cropper.detect(list[i])) {
        found.push({ image: i, face: realignFace(face, model.config.alignment) });
      }
    }
    if (found.length === 0) return [];
    const embeddings = await this.embed(found.map((f) => f.face.crop));
    return found.map((f, i) => ({ ...f, embedding: embeddings[i] }));
  }

  distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
    return embeddingDistance(a, b);
  }

  dispose(): void {
    this.live?.dispose();
    this.live = undefined;
    if (this.cropper !== undefined && !isCropper(this.cropperOption)) this.cropper.dispose();
    this.cropper = undefined;
  }

  private async faceCropper(model: ExpressionModel): Promise<FaceCropper> {
    if (this.cropper !== undefined) return this.cropper;
    if (isCropper(this.cropperOption)) {
      this.cropper = this.cropperOption;
      return this.cropper;
    }
    this.cropperPromise ??= createFaceCropper({
      cropSize: Math.min(512, Math.max(32, model.config.imageSize * 2)),
      alignment: model.config.alignment,
      ...(this.cropperOption ?? {}),
    });
    const cropper = await this.cropperPromise;
    if (this.live === undefined) {
      cropper.dispose();
      throw new FreeAvatarError('DISPOSED', 'This ExpressionEncoder was disposed');
    }
    this.cropper = cropper;
    return cropper;
  }

  private check(): ExpressionModel {
    if (this.live === undefined) {
      throw new FreeAvatarError('DISPOSED', 'This ExpressionEncoder was disposed');
    }
    return this.live;
  }
}

/**
 * Creates an expression encoder: loads the weights (the shipped default, a file, a URL or an
 * IOHandler), optionally picks the backend, and returns an object whose methods take faces and
 * return plain `Float32Array`s.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the weights cannot be loaded (including when
 *   the package ships no default weights), `BACKEND_UNAVAILABLE` when no preferred backend
 *   works, `INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * import { createExpressionEncoder } from '@freeavatar/expression-encoder';
 * const encoder = await createExpressionEncoder({
 *   model: 'runs/triplet/checkpoint/model.json',
 *   backend: 'wasm',
 * });
 * const [a, b] = await encoder.embed(['smile.png', 'frown.png']);
 * console.log(encoder.distance(a, b));
 * encoder.dispose();
 * ```
 */
export async function createExpressionEncoder(
  options: ExpressionEncoderOptions = {},
): Promise<ExpressionEncoder> {
  const batchSize = options.batchSize ?? 32;
  assertArgument(
    Number.isInteger(batchSize) && batchSize > 0,
    `batchSize must be a positive integer, got ${batchSize}`,
  );
  const backend =
    options.backend === undefined
      ? (await tf.ready(), tf.getBackend())
      : (await initBackend({ prefer: options.backend })).name;
  const source =
    options.model === undefined || options.model === 'default'
      ? await resolveDefaultModel()
      : options.model;
  const { model } = await loadExpressionModel(source);
  return new ExpressionEncoderImpl(model, backend, batchSize, options.faceCropper);
}
