import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, type ImageInput } from '@freeavatar/core';
import { alignmentTransform, landmarksToCrop, warpCrop } from './alignment.js';
import { boxIou, detectorAnchors, runDetector, type Detection } from './blazeface.js';
import { runMesh, type MeshResult } from './face-mesh.js';
import type { InputFilter } from './input-filter.js';
import { estimateHeadPose } from './head-pose.js';
import { keypointTransform, placedCanonicalLandmarks } from './keypoint-alignment.js';
import { toRgbImage } from './image-input.js';
import { loadFaceModels, type FaceModels } from './models.js';
import {
  resolveCallOptions,
  resolveCropperOptions,
  type DetectCallOptions,
  type FaceCropperOptions,
  type ResolvedCropperOptions,
} from './options.js';
import { boundingBox, roiFromDetection, roiFromLandmarks } from './roi.js';
import { ImagePyramid } from './sampling.js';
import { mergeDetections, type Track, type TrackOptions } from './tracker.js';
import type { Affine2D, DetectedFace } from './types.js';

/**
 * Milliseconds spent in each stage of the last `detect` or `detectForVideo` call.
 *
 * @example
 * ```ts
 * declare const cropper: FaceCropper;
 * await cropper.detect('photo.jpg');
 * const { detection, mesh, alignment }: CropTimings = cropper.lastTimings;
 * ```
 */
export interface CropTimings {
  /** Reading the input into pixels. */
  decode: number;
  /** Face detector, including its input resampling and box decoding (0 when it did not run). */
  detection: number;
  /** Landmark model, including its input crops. */
  mesh: number;
  /** Alignment fit, crop warp and head pose. */
  alignment: number;
}

/**
 * Finds, aligns and crops faces; made by {@link createFaceCropper}.
 *
 * @example
 * ```ts
 * import type { ImageInput } from '@freeavatar/core';
 * declare const frames: ImageInput[]; // e.g. decoded video frames, 30 per second
 * const cropper: FaceCropper = await createFaceCropper();
 * for (const [i, frame] of frames.entries()) {
 *   const faces = await cropper.detectForVideo(frame, i * 33.3);
 * }
 * cropper.dispose();
 * ```
 */
export interface FaceCropper {
  /** The options in force, defaults filled in. */
  readonly options: ResolvedCropperOptions;
  /** Stage timings of the last call, for profiling. */
  readonly lastTimings: Readonly<CropTimings>;
  /**
   * Image mode: every face in one image, highest detector score first (an empty array when
   * there is none).
   * Independent of earlier calls.
   */
  detect(image: ImageInput, callOptions?: DetectCallOptions): Promise<DetectedFace[]>;
  /**
   * Video mode: faces in the next frame of a sequence. Landmarks of the previous frame place the
   * next landmark crop; the detector runs on the first frame, every `redetectEvery` frames and
   * when a face is lost; crop windows are smoothed over time. `timestampMs` must increase.
   */
  detectForVideo(
    frame: ImageInput,
    timestampMs: number,
    callOptions?: DetectCallOptions,
  ): Promise<DetectedFace[]>;
  /** Forgets the video state (tracked faces, timestamps). */
  reset(): void;
  /** Frees the models; later calls throw a `DISPOSED` error. */
  dispose(): void;
}

/**
 * Least landmark confidence a face found through a retry filter needs: a filtered look can make
 * a face of what is not one, so it must convince the landmark model more.
 */
const RETRY_MIN_CONFIDENCE = 0.95;

interface Candidate {
  mesh: MeshResult;
  detectionScore: number | undefined;
  alignedBy: DetectedFace['alignedBy'];
  /** Set for keypoint-aligned faces, whose landmarks are a placed stand-in. */
  transform?: Affine2D;
}

class FaceCropperImpl implements FaceCropper {
  lastTimings: CropTimings = { decode: 0, detection: 0, mesh: 0, alignment: 0 };
  private models: FaceModels | undefined;
  private readonly anchors = detectorAnchors();
  private tracks: Track[] = [];
  private framesSinceDetection = 0;
  private lastTimestamp: number | undefined;
  private nextTrackId = 0;

  constructor(
    readonly options: ResolvedCropperOptions,
    models: FaceModels,
  ) {
    this.models = models;
  }

  async detect(image: ImageInput, callOptions?: DetectCallOptions): Promise<DetectedFace[]> {
    const models = this.live();
    const call = resolveCallOptions(callOptions);
    const timings: CropTimings = { decode: 0, detection: 0, mesh: 0, alignment: 0 };
    const pyramid = await this.decode(image, timings);
    // A first look as the picture is; when it finds no face the landmark model accepts, again
    // through each retry filter in turn. Keypoint-aligned faces of the first look that found any
    // are kept when no look finds a landmark-aligned face.
    let candidates: Candidate[] = [];
    for (const filter of [false as const, ...this.options.retryFilters]) {
      const found = await this.findCandidates(models, pyramid, filter, timings);
      if (found.some((c) => c.alignedBy === 'landmarks')) {
        candidates = found;
        break;
      }
      if (candidates.length === 0) candidates = found;
    }
    candidates.sort((p, q) => (q.detectionScore ?? 0) - (p.detectionScore ?? 0));
    const { cropSize, alignment } = this.options;
    const started = performance.now();
    const faces = dropOverlaps(candidates).map((c) =>
      this.buildFace(
        pyramid,
        c,
        c.transform ?? alignmentTransform(c.mesh.landmarks, cropSize, alignment),
        call.returnTensor,
      ),
    );
    timings.alignment = performance.now() - started;
    this.lastTimings = timings;
    return faces;
  }

  /** Detector, then two landmark passes (the second on the region the first gives). */
  private async findCandidates(
    models: FaceModels,
    pyramid: ImagePyramid,
    filter: InputFilter | false,
    timings: CropTimings,
  ): Promise<Candidate[]> {
    const detections = await this.detectFaces(models, pyramid, timings, filter);
    const started = performance.now();
    const first = await runMesh(models.mesh, pyramid, detections.map(roiFromDetection), filter);
    const refined = await runMesh(
      models.mesh,
      pyramid,
      first.map((m) => roiFromLandmarks(m.landmarks)),
      filter,
    );
    timings.mesh += performance.now() - started;
    const { keypointFallback, cropSize } = this.options;
    const minTrackingConfidence = this.acceptance(filter);
    const candidates: Candidate[] = [];
    refined.forEach((mesh, i) => {
      const best = mesh.confidence >= first[i].confidence ? mesh : first[i];
      const detectionScore = detections[i].score;
      if (best.confidence >= minTrackingConfidence) {
        candidates.push({ mesh: best, detectionScore, alignedBy: 'landmarks' });
      } else if (keypointFallback) {
        const transform = keypointTransform(detections[i].keypoints, cropSize);
        const landmarks = placedCanonicalLandmarks(transform, cropSize);
        candidates.push({
          mesh: { landmarks, confidence: best.confidence },
          detectionScore,
          alignedBy: 'keypoints',
          transform,
        });
      }
    });
    return candidates;
  }

  async detectForVideo(
    frame: ImageInput,
    timestampMs: number,
    callOptions?: DetectCallOptions,
  ): Promise<DetectedFace[]> {
    const models = this.live();
    const call = resolveCallOptions(callOptions);
    assertArgument(
      typeof timestampMs === 'number' &&
        Number.isFinite(timestampMs) &&
        (this.lastTimestamp === undefined || timestampMs > this.lastTimestamp),
      `timestampMs must be a finite number greater than the previous one (${this.lastTimestamp ?? 'none'}), got ${timestampMs}`,
    );
    const timings: CropTimings = { decode: 0, detection: 0, mesh: 0, alignment: 0 };
    const pyramid = await this.decode(frame, timings);
    this.lastTimestamp = timestampMs;
    const opts = this.options;
    let detected = this.tracks.length === 0 || this.framesSinceDetection + 1 >= opts.redetectEvery;
    let tracks = detected
      ? mergeDetections(
          this.tracks,
          await this.detectFaces(models, pyramid, timings),
          this.trackOptions(),
        )
      : this.tracks.map((t) => ({ ...t, detectionScore: undefined }));
    let meshes = await this.meshFor(models, pyramid, tracks, timings);
    const held = (i: number): boolean => meshes[i].confidence >= this.acceptance(tracks[i].filter);
    if (!detected && !tracks.every((_, i) => held(i))) {
      // A face was lost between detector runs: look again now.
      detected = true;
      const keep = tracks.filter((_, i) => held(i));
      const keptMeshes = meshes.filter((_, i) => held(i));
      keep.forEach((t, i) => (t.box = boundingBox(keptMeshes[i].landmarks)));
      const extended = mergeDetections(
        keep,
        await this.detectFaces(models, pyramid, timings),
        this.trackOptions(),
      );
      const newMeshes = await this.meshFor(models, pyramid, extended.slice(keep.length), timings);
      tracks = extended;
      meshes = [...keptMeshes, ...newMeshes];
    }
    if (detected && !tracks.some((_, i) => held(i))) {
      // No face: look again through each retry filter; a face found so keeps its filter.
      for (const filter of opts.retryFilters) {
        const found = mergeDetections(
          [],
          await this.detectFaces(models, pyramid, timings, filter),
          this.trackOptions(filter),
        );
        const foundMeshes = await this.meshFor(models, pyramid, found, timings);
        if (found.some((_, i) => foundMeshes[i].confidence >= this.acceptance(filter))) {
          tracks = found;
          meshes = foundMeshes;
          break;
        }
      }
    }
    this.framesSinceDetection = detected ? 0 : this.framesSinceDetection + 1;
    const started = performance.now();
    const next: Track[] = [];
    const faces: DetectedFace[] = [];
    tracks.forEach((track, i) => {
      const mesh = meshes[i];
      if (mesh.confidence < this.acceptance(track.filter)) return;
      const box = boundingBox(mesh.landmarks);
      if (next.some((t) => boxIou(t.box, box) > 0.5)) return;
      next.push({ ...track, roi: roiFromLandmarks(mesh.landmarks), box });
      let transform = alignmentTransform(mesh.landmarks, opts.cropSize, opts.alignment);
      if (track.smoother) transform = track.smoother.smooth(transform, timestampMs, opts.cropSize);
      const face = this.buildFace(
        pyramid,
        { mesh, detectionScore: track.detectionScore, alignedBy: 'landmarks' },
        transform,
        call.returnTensor,
      );
      faces.push({ ...face, trackId: track.id });
    });
    this.tracks = next;
    timings.alignment = performance.now() - started;
    this.lastTimings = timings;
    return faces;
  }

  reset(): void {
    this.live();
    this.tracks = [];
    this.framesSinceDetection = 0;
    this.lastTimestamp = undefined;
  }

  dispose(): void {
    if (!this.models) return;
    this.models.detector.dispose();
    this.models.mesh.dispose();
    this.models = undefined;
    this.tracks = [];
  }

  private trackOptions(filter: InputFilter | false = false): TrackOptions {
    return { ...this.options, newId: () => this.nextTrackId++, filter };
  }

  /** Least landmark confidence a face needs, found through `filter`. */
  private acceptance(filter: InputFilter | false): number {
    const { minTrackingConfidence } = this.options;
    return filter === false
      ? minTrackingConfidence
      : Math.max(minTrackingConfidence, RETRY_MIN_CONFIDENCE);
  }

  private live(): FaceModels {
    if (!this.models) throw new FreeAvatarError('DISPOSED', 'This face cropper has been disposed');
    return this.models;
  }

  private async decode(image: ImageInput, timings: CropTimings): Promise<ImagePyramid> {
    const started = performance.now();
    const rgb = await toRgbImage(image);
    assertArgument(
      rgb.width > 0 && rgb.height > 0,
      `image must not be empty, got ${rgb.width}x${rgb.height}`,
    );
    timings.decode = performance.now() - started;
    return new ImagePyramid(rgb);
  }

  private async detectFaces(
    models: FaceModels,
    pyramid: ImagePyramid,
    timings: CropTimings,
    filter: InputFilter | false = false,
  ): Promise<Detection[]> {
    const started = performance.now();
    const found = await runDetector(models.detector, this.anchors, pyramid, this.options, filter);
    timings.detection += performance.now() - started;
    return found;
  }

  private async meshFor(
    models: FaceModels,
    pyramid: ImagePyramid,
    tracks: Track[],
    timings: CropTimings,
  ): Promise<MeshResult[]> {
    const started = performance.now();
    // One batch per input filter (tracks found through a retry keep its filter).
    const meshes: MeshResult[] = new Array<MeshResult>(tracks.length);
    for (const filter of new Set(tracks.map((t) => t.filter))) {
      const indices = tracks.flatMap((t, i) => (t.filter === filter ? [i] : []));
      const found = await runMesh(
        models.mesh,
        pyramid,
        indices.map((i) => tracks[i].roi),
        filter,
      );
      indices.forEach((i, k) => (meshes[i] = found[k]));
    }
    timings.mesh += performance.now() - started;
    return meshes;
  }

  private buildFace(
    pyramid: ImagePyramid,
    candidate: Candidate,
    transform: Affine2D,
    returnTensor: boolean,
  ): DetectedFace {
    const { cropSize } = this.options;
    const { landmarks, confidence } = candidate.mesh;
    const crop = warpCrop(pyramid, transform, cropSize);
    const face: DetectedFace = {
      box: boundingBox(landmarks),
      score: confidence,
      detectionScore: candidate.detectionScore,
      alignedBy: candidate.alignedBy,
      landmarks,
      cropLandmarks: landmarksToCrop(landmarks, transform),
      crop,
      transform,
      alignment: this.options.alignment,
      pose: estimateHeadPose(landmarks),
    };
    if (returnTensor)
      face.tensor = tf.tidy(
        () => tf.tensor3d(crop.data, [cropSize, cropSize, 3], 'float32').div(255) as tf.Tensor3D,
      );
    return face;
  }
}

/** Keeps the best of faces whose landmark boxes overlap by more than half. */
function dropOverlaps(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const box = boundingBox(c.mesh.landmarks);
    if (!kept.some((k) => boxIou(boundingBox(k.mesh.landmarks), box) > 0.5)) kept.push(c);
  }
  return kept;
}

/**
 * Loads the face detector and landmark models and returns a {@link FaceCropper}. Models run on
 * the TensorFlow.js backend that is active when the calls are made.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options, `MODEL_LOAD_FAILED` when a model
 *   cannot be found or read (in a browser, when no model URLs are given).
 * @example
 * ```ts
 * import { createFaceCropper } from '@freeavatar/face-crop';
 * const cropper = await createFaceCropper({ cropSize: 112 });
 * const faces = await cropper.detect('photo.jpg');
 * for (const face of faces) console.log(face.box, face.pose);
 * cropper.dispose();
 * ```
 */
export async function createFaceCropper(options: FaceCropperOptions = {}): Promise<FaceCropper> {
  const resolved = resolveCropperOptions(options);
  const models = await loadFaceModels(resolved);
  return new FaceCropperImpl(resolved, models);
}
