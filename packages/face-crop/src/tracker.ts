import { OneEuroFilter } from '@freeavatar/core';
import { applyAffine, invertAffine, similarityAbout } from './affine.js';
import { boxIou, type Detection } from './blazeface.js';
import type { InputFilter } from './input-filter.js';
import type { SmoothingOptions } from './options.js';
import { roiFromDetection, type Roi } from './roi.js';
import type { Affine2D, FaceBox } from './types.js';

/**
 * Smooths a sequence of image→crop similarity transforms of one face with One-Euro filters on
 * the crop centre (in image pixels, speed measured in crop widths per second), the log scale
 * and the angle.
 */
export class CropSmoother {
  private readonly centre: OneEuroFilter;
  private readonly scaleAngle: OneEuroFilter;
  private lastAngle: number | undefined;

  constructor(settings: Required<SmoothingOptions>) {
    const filterOptions = { minCutoff: settings.minCutoff, beta: settings.beta };
    this.centre = new OneEuroFilter(2, filterOptions);
    this.scaleAngle = new OneEuroFilter(2, filterOptions);
  }

  /** The smoothed version of `transform` (a similarity, image → `cropSize²` crop) at `timeMs`. */
  smooth(transform: Affine2D, timeMs: number, cropSize: number): Affine2D {
    const a = transform[0][0];
    const b = transform[1][0];
    const scale = Math.hypot(a, b);
    let angle = Math.atan2(b, a);
    if (this.lastAngle !== undefined) {
      // Unwrap so that the filter never sees a jump of 2π.
      angle =
        this.lastAngle +
        Math.atan2(Math.sin(angle - this.lastAngle), Math.cos(angle - this.lastAngle));
    }
    const center = applyAffine(invertAffine(transform), [cropSize / 2, cropSize / 2]);
    const faceSize = cropSize / scale;
    const [sx, sy] = this.centre.filter(center, timeMs, faceSize);
    const [sLogScale, sAngle] = this.scaleAngle.filter([Math.log(scale), angle], timeMs);
    const sScale = Math.exp(sLogScale);
    this.lastAngle = sAngle;
    return similarityAbout([sx, sy], sScale, sAngle, [cropSize / 2, cropSize / 2]);
  }
}

/** One face followed from frame to frame. */
export interface Track {
  /** Stable within one video sequence. */
  id: number;
  /** Where the landmark model looks in the next frame. */
  roi: Roi;
  /** Bounding box of the last landmarks (or of the detection for a new track). */
  box: FaceBox;
  /** Detector score when this frame's detection started or refreshed the track. */
  detectionScore: number | undefined;
  smoother: CropSmoother | undefined;
  /** The filter the landmark model's input gets: the one of the look that found the face. */
  filter: InputFilter | false;
}

/** A new track from a detection. */
export function trackFromDetection(
  d: Detection,
  id: number,
  smoothing: Required<SmoothingOptions> | false,
  filter: InputFilter | false = false,
): Track {
  return {
    id,
    roi: roiFromDetection(d),
    box: d.box,
    detectionScore: d.score,
    smoother: smoothing === false ? undefined : new CropSmoother(smoothing),
    filter,
  };
}

/** What {@link mergeDetections} needs to know. */
export interface TrackOptions {
  iouThreshold: number;
  maxFaces: number;
  smoothing: Required<SmoothingOptions> | false;
  /** Hands out the id of a new track. */
  newId: () => number;
  /** The input filter of new tracks (the look whose detections they come from). */
  filter?: InputFilter | false;
}

/**
 * Adds detections that do not overlap an existing track (IoU ≤ `iouThreshold`) as new tracks,
 * up to `maxFaces` tracks in all; an overlapping detection only records its score on the track.
 */
export function mergeDetections(
  tracks: Track[],
  detections: readonly Detection[],
  options: TrackOptions,
): Track[] {
  const merged = tracks.map((t) => ({ ...t, detectionScore: undefined as number | undefined }));
  for (const d of detections) {
    const match = merged.find((t) => boxIou(t.box, d.box) > options.iouThreshold);
    if (match) match.detectionScore = d.score;
    else if (merged.length < options.maxFaces)
      merged.push(trackFromDetection(d, options.newId(), options.smoothing, options.filter));
  }
  return merged;
}
