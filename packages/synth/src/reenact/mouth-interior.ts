import type { RgbImage } from '@freeavatar/core';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import {
  contourBand,
  contourFrame,
  fromFrame,
  interpolate,
  sameBand,
  toFrame,
  type ContourBand,
} from './contour-band.js';
import { bilinearAt } from './piecewise-affine.js';
import { luma, smoothstep } from './shading.js';

type Rgb = [number, number, number];

/**
 * The mouth of a photo, measured once: the opening between the inner lips and its colours.
 *
 * @example
 * ```ts
 * const mouth: MouthOpening = measureMouth(photo, landmarks, 6.4, [200, 160, 140]);
 * ```
 */
export interface MouthOpening {
  /** The opening in the photo between the inner lip contours (u from the subject's right corner). */
  band: ContourBand;
  /** Inner upper-lip contour, corner to corner (landmark indices). */
  upper: readonly number[];
  /** Inner lower-lip contour, corner to corner (landmark indices). */
  lower: readonly number[];
  /** Pixels per cm on the face. */
  pixelsPerCm: number;
  /**
   * Where, between the photo's upper and lower inner lip (0–1), its upper teeth end and what
   * rides on the jaw begins: the darkest row of the opening.
   */
  split: number;
  /** Colour of the painted teeth, lit like the face. */
  teeth: Rgb;
  /** Colour of the mouth cavity near the lips (it darkens inwards). */
  cavity: Rgb;
  /** Colour of the tongue. */
  tongue: Rgb;
}

/** Teeth edges from the middle outwards (cm): central and lateral incisors, canine, premolars. */
const TOOTH_EDGES_CM = [0, 0.85, 1.5, 2.1, 2.6, 3.1];

/**
 * Measures the mouth of a photo from its landmarks (x y per point) and the face's mean skin
 * colour: the opening between the inner lips, the row where upper and lower teeth meet, and
 * the colours of teeth, cavity and tongue (lit like the skin).
 *
 * @example
 * ```ts
 * const mouth = measureMouth(photo, landmarks, camera.scale, skinColor);
 * ```
 */
export function measureMouth(
  photo: RgbImage,
  points: ArrayLike<number>,
  pixelsPerCm: number,
  skin: Rgb,
): MouthOpening {
  const upper = FACE_LANDMARKS.lipsUpperInner;
  const lower = FACE_LANDMARKS.lipsLowerInner;
  const frame = contourFrame(points, upper[0], upper[upper.length - 1], upper[5], lower[5]);
  const band = contourBand(points, upper, lower, frame);
  // The darkest row across the middle of the opening, when the photo's mouth is open.
  const xy = new Float64Array(2);
  const rgb = new Float32Array(3);
  const centre = (band.uMin + band.uMax) / 2;
  const half = (band.uMax - band.uMin) / 4;
  let split = 0.85;
  const profile: number[] = [];
  const fractions: number[] = [];
  for (let f = 0.1; f <= 0.951; f += 0.05) {
    let sum = 0;
    let count = 0;
    for (let u = centre - half; u <= centre + half; u += 0.5) {
      const top = interpolate(band.upperU, band.upperV, u);
      const bottom = interpolate(band.lowerU, band.lowerV, u);
      if (bottom - top < 1.5) continue;
      fromFrame(frame, u, top + f * (bottom - top), xy);
      bilinearAt(photo, xy[0], xy[1], rgb);
      sum += luma(rgb[0], rgb[1], rgb[2]);
      count++;
    }
    if (count === 0) break;
    profile.push(sum / count);
    fractions.push(f);
  }
  // A dark valley between brighter rows above and below (a gap between teeth rows); without
  // one, the photo shows upper teeth only (a smile), which end near the lower lip.
  let deepest = 25;
  for (let i = 0; i < profile.length; i++) {
    if (fractions[i] < 0.35 || fractions[i] > 0.9) continue;
    const above = Math.max(...profile.slice(0, i));
    const below = Math.max(...profile.slice(i + 1));
    const depth = Math.min(above, below) - profile[i];
    if (depth > deepest) {
      deepest = depth;
      split = fractions[i];
    }
  }
  const light = Math.min(1.15, Math.max(0.35, luma(...skin) / 165));
  let teeth: Rgb = [
    Math.min(255, 232 * light),
    Math.min(250, 224 * light),
    Math.min(235, 208 * light),
  ];
  // Teeth the photo shows: the brightest samples across the middle of its opening.
  const shown: Rgb[] = [];
  for (let u = centre - half; u <= centre + half; u += 0.5) {
    const top = interpolate(band.upperU, band.upperV, u);
    const bottom = interpolate(band.lowerU, band.lowerV, u);
    for (let v = top + 0.75; v < bottom - 0.75; v += 0.5) {
      fromFrame(frame, u, v, xy);
      bilinearAt(photo, xy[0], xy[1], rgb);
      shown.push([rgb[0], rgb[1], rgb[2]]);
    }
  }
  if (shown.length >= 12) {
    shown.sort((a, b) => luma(...b) - luma(...a));
    const bright = shown.slice(0, Math.ceil(shown.length * 0.3));
    const mean = [0, 1, 2].map((c) => bright.reduce((sum, p) => sum + p[c], 0) / bright.length);
    if (luma(mean[0], mean[1], mean[2]) > 1.1 * luma(...skin)) teeth = [mean[0], mean[1], mean[2]];
  }
  return {
    band,
    upper,
    lower,
    pixelsPerCm,
    split,
    teeth,
    cavity: [
      Math.min(110, 0.42 * skin[0]),
      Math.min(50, 0.16 * skin[1]),
      Math.min(50, 0.17 * skin[2]),
    ],
    tongue: [
      Math.min(200, 0.8 * skin[0]),
      Math.min(110, 0.42 * skin[1]),
      Math.min(110, 0.44 * skin[2]),
    ],
  };
}

/**
 * Paints the inside of the moved mouth opening. The upper teeth hang from the skull and the
 * lower teeth ride on the jaw, so what the photo shows between its lips is reused: above its
 * teeth split it stays in place, below it moves with the lower lip. Where the photo has nothing
 * to show (closed lips, a gap that opens between its upper and lower part, a widened mouth), a
 * cavity is painted that darkens inwards, with a tongue resting on the floor of the mouth and
 * teeth: lower teeth that start where the jaw (`jawMoved`, not the lip) puts them, so a lip
 * pulled down uncovers teeth while a dropping jaw opens a dark gap, and, where the photo's
 * lips were closed, upper teeth reaching a little below where the lips met, shaded towards
 * the corners and split into teeth. Edges are anti-aliased against `out` (the warped lips).
 *
 * @param photo - The original photo.
 * @param out - The warped frame, written in place.
 * @param mouth - The mouth measured on the photo.
 * @param moved - Positions of the landmarks after the expression, x y per point.
 * @param jawMoved - Positions of the landmarks moved by the jaw alone (only the lower inner lip
 *   is read).
 *
 * @example
 * ```ts
 * paintMouth(photo, frame, mouth, movedLandmarks, jawMovedLandmarks);
 * ```
 */
export function paintMouth(
  photo: RgbImage,
  out: RgbImage,
  mouth: MouthOpening,
  moved: ArrayLike<number>,
  jawMoved: ArrayLike<number>,
): void {
  const source = mouth.band;
  const frame = source.frame;
  const dest = contourBand(moved, mouth.upper, mouth.lower, frame);
  if (dest.uMax - dest.uMin < 1 || sameBand(source, dest)) return;
  const jawBand = contourBand(jawMoved, mouth.upper, mouth.lower, frame);
  const px = mouth.pixelsPerCm;
  const uv = new Float64Array(2);
  const rgb = new Float32Array(3);
  const paint = new Float32Array(3);
  const centre = (source.uMin + source.uMax) / 2;
  const halfWidth = Math.max((source.uMax - source.uMin) / 2, 1);
  const destCentre = (dest.uMin + dest.uMax) / 2;
  const destHalf = Math.max((dest.uMax - dest.uMin) / 2, 1);
  const toothEdges = TOOTH_EDGES_CM.map((cm) => cm * px);

  /** Cavity, tongue and teeth at (u, v) into `paint`. */
  const synthetic = (
    u: number,
    v: number,
    up: number,
    low: number,
    upperEdge: number,
    lowerTop: number,
  ): void => {
    const fromLip = Math.min(v - up, low - v);
    const dark = 1 - 0.45 * smoothstep(0, 0.3 * px, fromLip);
    let r = mouth.cavity[0] * dark;
    let g = mouth.cavity[1] * dark;
    let b = mouth.cavity[2] * dark;
    // Tongue: a low dome on the floor of the mouth.
    const across = (u - destCentre) / (0.8 * destHalf);
    if (across * across < 1) {
      const top = low - Math.min(0.9 * px, 0.4 * (low - up)) * Math.sqrt(1 - across * across);
      const t = Math.min(1, Math.max(0, v - top));
      if (t > 0) {
        const shade = 0.7 + 0.3 * smoothstep(top, low, v);
        r = (1 - t) * r + t * mouth.tongue[0] * shade;
        g = (1 - t) * g + t * mouth.tongue[1] * shade;
        b = (1 - t) * b + t * mouth.tongue[2] * shade;
      }
    }
    const toCorner = 1 - smoothstep(0.45, 0.95, Math.abs(u - centre) / halfWidth);
    let teeth = 0;
    let shade = 1;
    if (v < upperEdge) {
      teeth = toCorner * smoothstep(upperEdge, upperEdge - 0.08 * px, v);
      shade = 0.72 + 0.28 * smoothstep(up, up + 0.12 * px, v);
    } else if (v > lowerTop) {
      teeth = 0.9 * toCorner * smoothstep(lowerTop, lowerTop + 0.08 * px, v);
      shade = 0.8 + 0.15 * smoothstep(low, low - 0.1 * px, v);
    }
    if (teeth > 0) {
      // Upper teeth show the gaps between them; the lower row is too small to.
      let line = 1;
      if (v < upperEdge) {
        const offset = Math.abs(u - centre);
        let gap = Infinity;
        for (const e of toothEdges) gap = Math.min(gap, Math.abs(offset - e));
        line = 1 - 0.25 * (1 - smoothstep(0, 0.05 * px + 0.35, gap));
      }
      const k = shade * line;
      r = (1 - teeth) * r + teeth * mouth.teeth[0] * k;
      g = (1 - teeth) * g + teeth * mouth.teeth[1] * k;
      b = (1 - teeth) * b + teeth * mouth.teeth[2] * k;
    }
    paint[0] = r;
    paint[1] = g;
    paint[2] = b;
  };

  const { width, height, data } = out;
  const x0 = Math.max(0, Math.floor(dest.xMin) - 1);
  const x1 = Math.min(width - 1, Math.ceil(dest.xMax) + 1);
  const y0 = Math.max(0, Math.floor(dest.yMin) - 1);
  const y1 = Math.min(height - 1, Math.ceil(dest.yMax) + 1);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      toFrame(frame, x + 0.5, y + 0.5, uv);
      const u = uv[0];
      const v = uv[1];
      if (u <= dest.uMin || u >= dest.uMax) continue;
      const up = interpolate(dest.upperU, dest.upperV, u);
      const low = interpolate(dest.lowerU, dest.lowerV, u);
      const edge = Math.min(v - up, low - v) + 0.5;
      if (edge <= 0) continue;
      const alpha = edge >= 1 ? 1 : edge;
      const sUp = interpolate(source.upperU, source.upperV, u);
      const sLow = interpolate(source.lowerU, source.lowerV, u);
      const lip = low - sLow;
      const jaw = interpolate(jawBand.lowerU, jawBand.lowerV, u) - sLow;
      const open = u > source.uMin + 0.5 && u < source.uMax - 0.5 && sLow - sUp > 1.5;
      const o = (y * width + x) * 3;
      if (open) {
        const split = sUp + mouth.split * (sLow - sUp);
        const inGap = v >= split && v - lip < split;
        // The photo's own mouth: upper part fixed to the skull, lower part with the lower lip.
        let sv = v < split ? v : inGap ? split : v - lip;
        sv = Math.min(Math.max(sv, sUp + 0.5), sLow - 0.5);
        fromFrame(frame, u, sv, uv);
        bilinearAt(photo, uv[0], uv[1], rgb);
        if (inGap) {
          // A gap between the photo's upper and lower part: the split row while it is thin.
          const k = smoothstep(0.3, 2.5, lip);
          synthetic(u, v, up, low, -Infinity, split + jaw - 0.1 * px);
          for (let c = 0; c < 3; c++) rgb[c] = k * paint[c] + (1 - k) * rgb[c];
        }
      } else {
        const meet = (sUp + sLow) / 2;
        const k = smoothstep(0.3, 2.5, low - up);
        synthetic(u, v, up, low, meet + 0.22 * px, meet + jaw - 0.12 * px);
        for (let c = 0; c < 3; c++) rgb[c] = k * paint[c] + (1 - k) * data[o + c];
      }
      for (let c = 0; c < 3; c++)
        data[o + c] = Math.round(alpha * rgb[c] + (1 - alpha) * data[o + c]);
    }
  }
}
