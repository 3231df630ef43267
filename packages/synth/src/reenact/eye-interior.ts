import type { RgbImage } from '@freeavatar/core';
import type { FaceSide } from '../face/face-template.js';
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
 * One eye of a photo, measured once: its opening, iris and the colours to paint it with.
 *
 * @example
 * ```ts
 * const eye: EyeOpening = measureEye(photo, landmarks, 'left');
 * console.log(eye.iris, eye.scleraColor);
 * ```
 */
export interface EyeOpening {
  /** The opening in the photo, in its own frame (u from the outer to the inner corner). */
  band: ContourBand;
  /** Upper-lid contour, outer to inner corner (landmark indices). */
  upper: readonly number[];
  /** Lower-lid contour, outer to inner corner (landmark indices). */
  lower: readonly number[];
  /** Corner-to-corner width, pixels. */
  width: number;
  /** Iris centre (u, v in the band's frame) and radius, pixels. */
  iris: { u: number; v: number; radius: number };
  irisColor: Rgb;
  scleraColor: Rgb;
  /** Skin of the upper lid (sampled above the eye) and of the lower lid (below it). */
  upperLidColor: Rgb;
  lowerLidColor: Rgb;
}

function meanColor(samples: Rgb[], fallback: Rgb): Rgb {
  if (samples.length === 0) return fallback;
  const sum: Rgb = [0, 0, 0];
  for (const s of samples) for (let c = 0; c < 3; c++) sum[c] += s[c];
  return [sum[0] / samples.length, sum[1] / samples.length, sum[2] / samples.length];
}

/** The brighter half of `samples` (skin without lashes, creases and shadows). */
function brighterHalf(samples: Rgb[]): Rgb[] {
  const sorted = [...samples].sort((a, b) => luma(...b) - luma(...a));
  return sorted.slice(0, Math.max(1, Math.ceil(sorted.length / 2)));
}

/**
 * Measures an eye of a photo from its landmarks (x y per point): the lid opening, the iris (the
 * darkness-weighted centre of the opening, radius a fifth of the eye's width, as in adults), and
 * the colours of iris, sclera and lid skin.
 *
 * @example
 * ```ts
 * const left = measureEye(photo, landmarks, 'left');
 * ```
 */
export function measureEye(photo: RgbImage, points: ArrayLike<number>, side: FaceSide): EyeOpening {
  const upper = side === 'left' ? FACE_LANDMARKS.eyeLeftUpper : FACE_LANDMARKS.eyeRightUpper;
  const lower = side === 'left' ? FACE_LANDMARKS.eyeLeftLower : FACE_LANDMARKS.eyeRightLower;
  const mid = Math.floor(upper.length / 2);
  const frame = contourFrame(points, upper[0], upper[upper.length - 1], upper[mid], lower[mid]);
  const band = contourBand(points, upper, lower, frame);
  const width = Math.max(band.uMax - band.uMin, 1);
  const radius = 0.2 * width;
  const xy = new Float64Array(2);
  const rgb = new Float32Array(3);
  const at = (u: number, v: number): Rgb => {
    fromFrame(frame, u, v, xy);
    bilinearAt(photo, xy[0], xy[1], rgb);
    return [rgb[0], rgb[1], rgb[2]];
  };
  // Pixels of the opening on a half-pixel grid.
  const inside: { u: number; v: number; color: Rgb }[] = [];
  for (let u = band.uMin + 0.5; u < band.uMax - 0.5; u += 0.5) {
    const top = interpolate(band.upperU, band.upperV, u) + 0.5;
    const bottom = interpolate(band.lowerU, band.lowerV, u) - 0.5;
    for (let v = top; v < bottom; v += 0.5) inside.push({ u, v, color: at(u, v) });
  }
  const centreU = (band.uMin + band.uMax) / 2;
  const centreV =
    (interpolate(band.upperU, band.upperV, centreU) +
      interpolate(band.lowerU, band.lowerV, centreU)) /
    2;
  let iris = { u: centreU, v: centreV, radius };
  let irisColor: Rgb = [70, 50, 40];
  let scleraColor: Rgb = [215, 205, 200];
  if (inside.length >= 8) {
    const lumas = inside.map((p) => luma(...p.color));
    const mean = lumas.reduce((a, b) => a + b, 0) / lumas.length;
    let su = 0;
    let sv = 0;
    let sw = 0;
    inside.forEach((p, i) => {
      const w = Math.max(0, mean - lumas[i]) ** 2;
      su += w * p.u;
      sv += w * p.v;
      sw += w;
    });
    if (sw > 0) iris = { u: su / sw, v: sv / sw, radius };
    const inIris = inside.filter((p) => Math.hypot(p.u - iris.u, p.v - iris.v) < radius * 0.9);
    const outIris = inside.filter((p) => Math.hypot(p.u - iris.u, p.v - iris.v) > radius * 1.2);
    irisColor = meanColor(
      inIris.map((p) => p.color),
      irisColor,
    );
    scleraColor = meanColor(brighterHalf(outIris.map((p) => p.color)), scleraColor);
  }
  const lidSamples = (above: boolean): Rgb[] => {
    const out: Rgb[] = [];
    for (let u = band.uMin + 0.2 * width; u <= band.uMax - 0.2 * width; u += 0.5) {
      const edge = above
        ? interpolate(band.upperU, band.upperV, u)
        : interpolate(band.lowerU, band.lowerV, u);
      for (const f of [0.12, 0.16, 0.2, 0.24])
        out.push(at(u, above ? edge - f * width : edge + f * width));
    }
    return brighterHalf(out);
  };
  return {
    band,
    upper,
    lower,
    width,
    iris,
    irisColor,
    scleraColor,
    upperLidColor: meanColor(lidSamples(true), [200, 160, 140]),
    lowerLidColor: meanColor(lidSamples(false), [200, 160, 140]),
  };
}

/**
 * Repaints an eye after its lids moved. The eyeball stays in the head while the lids slide
 * over it: inside the new opening, the photo's own eyeball shows where the photo had it (its
 * iris moved by `gaze`, pixels, when the eye turns), and iris or sclera colour fills what the
 * photo's lids hid. Where the lids now cover what was open in the photo, lid skin is painted,
 * coloured column by column from the skin just above (upper lid) or below (lower lid) the eye,
 * with a lash line along the closing edge, so closing eyes show skin, not a squashed eye.
 * Edges are anti-aliased against `out` (the warp).
 *
 * @param photo - The original photo.
 * @param out - The warped frame, written in place.
 * @param eye - The eye measured on the photo.
 * @param moved - Positions of the landmarks after the expression, x y per point.
 * @param gaze - Image-space shift of the iris, pixels.
 *
 * @example
 * ```ts
 * paintEye(photo, frame, measureEye(photo, landmarks, 'left'), movedLandmarks, [1.5, 0]);
 * ```
 */
export function paintEye(
  photo: RgbImage,
  out: RgbImage,
  eye: EyeOpening,
  moved: ArrayLike<number>,
  gaze: [number, number],
): void {
  const source = eye.band;
  const frame = source.frame;
  const dest = contourBand(moved, eye.upper, eye.lower, frame);
  const gu = gaze[0] * frame.ux + gaze[1] * frame.uy;
  const gv = gaze[0] * frame.vx + gaze[1] * frame.vy;
  const still = Math.abs(gu) < 0.05 && Math.abs(gv) < 0.05;
  if (still && sameBand(source, dest)) return;
  const uv = new Float64Array(2);
  const rgb = new Float32Array(3);
  const lid = new Float32Array(3);
  const irisU = eye.iris.u + gu;
  const irisV = eye.iris.v + gv;
  const radius = eye.iris.radius;
  const lash = 0.07 * eye.width + 0.5;
  const feather = 1.2;
  const { width, height, data } = out;
  const x0 = Math.max(0, Math.floor(Math.min(dest.xMin, source.xMin) - feather) - 1);
  const x1 = Math.min(width - 1, Math.ceil(Math.max(dest.xMax, source.xMax) + feather) + 1);
  const y0 = Math.max(0, Math.floor(Math.min(dest.yMin, source.yMin) - feather) - 1);
  const y1 = Math.min(height - 1, Math.ceil(Math.max(dest.yMax, source.yMax) + feather) + 1);
  const inSource = (u: number, v: number, margin: number): boolean =>
    u > source.uMin + margin &&
    u < source.uMax - margin &&
    v > interpolate(source.upperU, source.upperV, u) + margin &&
    v < interpolate(source.lowerU, source.lowerV, u) - margin;
  /** Mean photo colour at v offsets (fractions of the eye width) from `edge` in column u. */
  const skinAt = (u: number, edge: number, offsets: readonly number[]): void => {
    lid.fill(0);
    for (const f of offsets) {
      fromFrame(frame, u, edge + f * eye.width, uv);
      bilinearAt(photo, uv[0], uv[1], rgb);
      for (let c = 0; c < 3; c++) lid[c] += rgb[c] / offsets.length;
    }
  };
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      toFrame(frame, x + 0.5, y + 0.5, uv);
      const u = uv[0];
      const v = uv[1];
      const o = (y * width + x) * 3;
      let r = data[o];
      let g = data[o + 1];
      let b = data[o + 2];
      const destOpen = u > dest.uMin && u < dest.uMax;
      const up = destOpen ? interpolate(dest.upperU, dest.upperV, u) : 0;
      const low = destOpen ? interpolate(dest.lowerU, dest.lowerV, u) : 0;
      const destEdge = destOpen ? Math.min(v - up, low - v) + 0.5 : -1;
      let changed = false;
      // Lid skin over what was open in the photo (feathered a little beyond the upper lid's
      // old edge, so the old lash line goes under the lid too).
      if (u > source.uMin && u < source.uMax && destEdge < 1) {
        const sUp = interpolate(source.upperU, source.upperV, u);
        const sLow = interpolate(source.lowerU, source.lowerV, u);
        const meet = destOpen ? (up + low) / 2 : sUp + 0.78 * (sLow - sUp);
        const upperLid = v < meet;
        const cover = upperLid
          ? smoothstep(sUp - feather, sUp + 0.3, v)
          : Math.min(1, Math.max(0, sLow - v + 0.5));
        if (cover > 0 && (!destOpen || v < up + 0.5 || v > low - 0.5)) {
          const edgeV = destOpen ? (upperLid ? up : low) : meet;
          if (upperLid) skinAt(u, sUp, [-0.16, -0.22]);
          else skinAt(u, sLow, [0.14, 0.2]);
          const fromEdge = Math.abs(v - edgeV);
          const shade = 0.9 + 0.1 * smoothstep(0, 0.15 * eye.width, fromEdge);
          const lashes = (upperLid ? 0.75 : 0.3) * smoothstep(lash, 0.4 * lash, fromEdge);
          const k = cover;
          r = (1 - k) * r + k * (lid[0] * shade * (1 - lashes) + 45 * lashes);
          g = (1 - k) * g + k * (lid[1] * shade * (1 - lashes) + 32 * lashes);
          b = (1 - k) * b + k * (lid[2] * shade * (1 - lashes) + 28 * lashes);
          changed = true;
        }
      }
      if (destEdge > 0) {
        // Eyeball.
        const alpha = (destEdge >= 1 ? 1 : destEdge) * smoothstep(0, 1, low - up);
        const d = Math.hypot(u - irisU, v - irisV);
        let irisAlpha = Math.min(1, Math.max(0, radius + 0.5 - d));
        if (still && inSource(u, v, 0)) {
          // The eye did not turn: the photo's eyeball, as it was.
          bilinearAt(photo, x + 0.5, y + 0.5, rgb);
          irisAlpha = 0;
        } else if (irisAlpha < 1) {
          // Sclera: the photo's own where it showed sclera, else its colour, shaded under the lid.
          if (inSource(u, v, 0.6) && Math.hypot(u - eye.iris.u, v - eye.iris.v) > radius + 1) {
            bilinearAt(photo, x + 0.5, y + 0.5, rgb);
          } else {
            const side = Math.abs(u - (source.uMin + source.uMax) / 2) / (0.5 * eye.width);
            const shade =
              (0.75 + 0.25 * smoothstep(0, 0.15 * eye.width, v - up)) * (1 - 0.18 * side * side);
            for (let c = 0; c < 3; c++) rgb[c] = eye.scleraColor[c] * shade;
          }
        }
        let er = rgb[0];
        let eg = rgb[1];
        let eb = rgb[2];
        if (irisAlpha > 0) {
          // Iris: moved with the gaze; its colour where the photo's lids hid it.
          const su = u - gu;
          const sv = v - gv;
          if (inSource(su, sv, 0.6)) {
            fromFrame(frame, su, sv, uv);
            bilinearAt(photo, uv[0], uv[1], rgb);
          } else {
            const pupil = 1 - 0.55 * smoothstep(0.5 * radius, 0.3 * radius, d);
            for (let c = 0; c < 3; c++) rgb[c] = eye.irisColor[c] * pupil;
          }
          er = irisAlpha * rgb[0] + (1 - irisAlpha) * er;
          eg = irisAlpha * rgb[1] + (1 - irisAlpha) * eg;
          eb = irisAlpha * rgb[2] + (1 - irisAlpha) * eb;
        }
        r = alpha * er + (1 - alpha) * r;
        g = alpha * eg + (1 - alpha) * g;
        b = alpha * eb + (1 - alpha) * b;
        changed = true;
      }
      if (!changed) continue;
      data[o] = Math.round(r);
      data[o + 1] = Math.round(g);
      data[o + 2] = Math.round(b);
    }
  }
}
