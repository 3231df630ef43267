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
import { sampleBilinear } from './piecewise-affine.js';
import { luma, smoothstep } from './shading.js';

type Rgb = [number, number, number];

/** The mouth of a photo, measured once: the opening between the inner lips and its colours. */
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
      sampleBilinear(photo, xy[0], xy[1], rgb);
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
  return {
    band,
    upper,
    lower,
    pixelsPerCm,
    split,
    teeth: [Math.min(255, 232 * light), Math.min(250, 224 * light), Math.min(235, 208 * light)],
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
 * to show (closed lips, the gap a dropping jaw opens, a widened mouth) a cavity is painted that
 * darkens inwards, with a tongue resting on the floor of the mouth and, where the photo's lips
 * were closed, a hint of teeth: an upper row reaching a little below where the lips met and a
 * lower row riding on the jaw, shaded towards the corners and split into teeth. Edges are
 * anti-aliased against `out` (the warped lips).
 *
 * @param photo - The original photo.
 * @param out - The warped frame, written in place.
 * @param mouth - The mouth measured on the photo.
 * @param moved - Positions of the landmarks after the expression, x y per point.
 */
export function paintMouth(
  photo: RgbImage,
  out: RgbImage,
  mouth: MouthOpening,
  moved: ArrayLike<number>,
): void {
  const source = mouth.band;
  const frame = source.frame;
  const dest = contourBand(moved, mouth.upper, mouth.lower, frame);
  if (dest.uMax - dest.uMin < 1 || sameBand(source, dest)) return;
  const px = mouth.pixelsPerCm;
  const uv = new Float64Array(2);
  const rgb = new Float32Array(3);
  const centre = (source.uMin + source.uMax) / 2;
  const halfWidth = Math.max((source.uMax - source.uMin) / 2, 1);
  const destCentre = (dest.uMin + dest.uMax) / 2;
  const destHalf = Math.max((dest.uMax - dest.uMin) / 2, 1);
  const toothEdges = TOOTH_EDGES_CM.map((cm) => cm * px);
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
      const jaw = low - sLow;
      const open = u > source.uMin + 0.5 && u < source.uMax - 0.5 && sLow - sUp > 1.5;
      const split = sUp + mouth.split * (sLow - sUp);
      const o = (y * width + x) * 3;
      // How much cavity shows: none in a slit, fully once the opening is a few pixels tall.
      const cavity = smoothstep(0.3, 2.5, open ? jaw : low - up);
      if (open && (v < split || v - jaw >= split || cavity < 1)) {
        // The photo's own mouth: upper part fixed to the skull, lower part on the jaw (a gap
        // too thin for a cavity repeats the split row).
        let sv = v < split ? v : v - jaw >= split ? v - jaw : split;
        sv = Math.min(Math.max(sv, sUp + 0.5), sLow - 0.5);
        fromFrame(frame, u, sv, uv);
        sampleBilinear(photo, uv[0], uv[1], rgb);
      }
      if (!open || (v >= split && v - jaw < split && cavity > 0)) {
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
        if (!open) {
          const meet = (sUp + sLow) / 2;
          const toCorner = 1 - smoothstep(0.45, 0.95, Math.abs(u - centre) / halfWidth);
          const upperEdge = meet + 0.22 * px;
          const lowerTop = meet + jaw - 0.12 * px;
          let teeth = 0;
          let shade = 1;
          if (v < upperEdge) {
            teeth = toCorner * smoothstep(upperEdge, upperEdge - 0.08 * px, v);
            shade = 0.72 + 0.28 * smoothstep(up, up + 0.12 * px, v);
          } else if (v > lowerTop) {
            teeth = 0.8 * toCorner * smoothstep(lowerTop, lowerTop + 0.08 * px, v);
            shade = 0.7 + 0.2 * smoothstep(low, low - 0.1 * px, v);
          }
          if (teeth > 0) {
            const offset = Math.abs(u - centre);
            let gap = Infinity;
            for (const e of toothEdges) gap = Math.min(gap, Math.abs(offset - e));
            const line = 1 - 0.25 * (1 - smoothstep(0, 0.05 * px + 0.35, gap));
            const k = shade * line;
            r = (1 - teeth) * r + teeth * mouth.teeth[0] * k;
            g = (1 - teeth) * g + teeth * mouth.teeth[1] * k;
            b = (1 - teeth) * b + teeth * mouth.teeth[2] * k;
          }
        }
        const k = cavity;
        const base = open ? rgb : data.subarray(o, o + 3);
        rgb[0] = k * r + (1 - k) * base[0];
        rgb[1] = k * g + (1 - k) * base[1];
        rgb[2] = k * b + (1 - k) * base[2];
      }
      for (let c = 0; c < 3; c++)
        data[o + c] = Math.round(alpha * rgb[c] + (1 - alpha) * data[o + c]);
    }
  }
}
