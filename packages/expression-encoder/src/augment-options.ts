import { assertArgument } from '@freeavatar/core';

/** Small random similarity transforms. */
export interface AffineJitter {
  /** Chance per image, default 0.8. */
  probability: number;
  /** Largest rotation in degrees, default 8. */
  maxRotation: number;
  /** Largest relative scale change, default 0.08. */
  maxScale: number;
  /** Largest shift as a fraction of the size, default 0.05. */
  maxShift: number;
}

/** Brightness, contrast and saturation changes. */
export interface ColorJitter {
  /** Chance per image, default 0.8. */
  probability: number;
  /** Largest relative brightness change, default 0.3. */
  brightness: number;
  /** Largest relative contrast change, default 0.3. */
  contrast: number;
  /** Largest relative saturation change, default 0.3. */
  saturation: number;
}

/** Gaussian blur of random strength. */
export interface BlurJitter {
  /** Chance per image, default 0.2. */
  probability: number;
  /** Largest Gaussian sigma in pixels, default 1.5. */
  maxSigma: number;
}

/** Additive Gaussian pixel noise. */
export interface NoiseJitter {
  /** Chance per image, default 0.2. */
  probability: number;
  /** Largest standard deviation (pixels in 0–1), default 0.05. */
  maxStd: number;
}

/** Simulated JPEG compression. */
export interface JpegJitter {
  /** Chance per image, default 0.3. */
  probability: number;
  /** Lowest quality, default 15. */
  minQuality: number;
  /** Highest quality, default 90. */
  maxQuality: number;
}

/** Random erasing (Zhong et al.): a rectangle replaced by noise. */
export interface ErasingJitter {
  /** Chance per image, default 0.25. */
  probability: number;
  /** Smallest erased area as a fraction of the image, default 0.02. */
  minArea: number;
  /** Largest erased area, default 0.25. */
  maxArea: number;
}

/** A solid-coloured ellipse over part of the face (hands, hair, microphones). */
export interface OccluderJitter {
  /** Chance per image, default 0.1. */
  probability: number;
  /** Largest occluder radius as a fraction of the size, default 0.3. */
  maxRadius: number;
}

/**
 * Augmentation settings. Each field is a partial override of its defaults, `false` to turn
 * it off, or `undefined` for the defaults. `flip` is the chance of a horizontal flip (default
 * 0: flipping swaps one-sided expressions).
 */
export interface AugmentOptions {
  affine?: Partial<AffineJitter> | false;
  color?: Partial<ColorJitter> | false;
  blur?: Partial<BlurJitter> | false;
  noise?: Partial<NoiseJitter> | false;
  jpeg?: Partial<JpegJitter> | false;
  erasing?: Partial<ErasingJitter> | false;
  occluder?: Partial<OccluderJitter> | false;
  flip?: number;
}

/** {@link AugmentOptions} with defaults filled; `null` marks a disabled augmentation. */
export interface ResolvedAugmentOptions {
  readonly affine: AffineJitter | null;
  readonly color: ColorJitter | null;
  readonly blur: BlurJitter | null;
  readonly noise: NoiseJitter | null;
  readonly jpeg: JpegJitter | null;
  readonly erasing: ErasingJitter | null;
  readonly occluder: OccluderJitter | null;
  readonly flip: number;
}

const DEFAULTS = {
  affine: { probability: 0.8, maxRotation: 8, maxScale: 0.08, maxShift: 0.05 },
  color: { probability: 0.8, brightness: 0.3, contrast: 0.3, saturation: 0.3 },
  blur: { probability: 0.2, maxSigma: 1.5 },
  noise: { probability: 0.2, maxStd: 0.05 },
  jpeg: { probability: 0.3, minQuality: 15, maxQuality: 90 },
  erasing: { probability: 0.25, minArea: 0.02, maxArea: 0.25 },
  occluder: { probability: 0.1, maxRadius: 0.3 },
};

function merge<T extends object>(
  name: string,
  defaults: T,
  value: Partial<T> | false | null | undefined,
): T | null {
  if (value === false || value === null) return null;
  const out = { ...defaults };
  for (const [key, v] of Object.entries(value ?? {})) {
    if (v === undefined) continue;
    assertArgument(key in defaults, `augment.${name} has no setting "${key}"`);
    assertArgument(
      typeof v === 'number' && Number.isFinite(v) && v >= 0,
      `augment.${name}.${key} must be a finite number ≥ 0, got ${String(v)}`,
    );
    (out as Record<string, number>)[key] = v;
  }
  const p = (out as { probability: number }).probability;
  assertArgument(p <= 1, `augment.${name}.probability must be in [0, 1], got ${p}`);
  return out;
}

/**
 * Fills the defaults of {@link AugmentOptions} (the strong, in-the-wild recipe) and validates
 * them. Resolving resolved options returns equal options.
 *
 * @example
 * ```ts
 * resolveAugmentOptions({ jpeg: false, erasing: { probability: 0.5 } }).erasing?.maxArea; // 0.25
 * ```
 */
export function resolveAugmentOptions(
  options: AugmentOptions | ResolvedAugmentOptions = {},
): ResolvedAugmentOptions {
  const flip = options.flip ?? 0;
  assertArgument(flip >= 0 && flip <= 1, `augment.flip must be in [0, 1], got ${flip}`);
  const jpeg = merge('jpeg', DEFAULTS.jpeg, options.jpeg);
  if (jpeg !== null) {
    assertArgument(
      jpeg.minQuality >= 1 && jpeg.minQuality <= jpeg.maxQuality && jpeg.maxQuality <= 100,
      `augment.jpeg needs 1 ≤ minQuality ≤ maxQuality ≤ 100, got ${jpeg.minQuality}…${jpeg.maxQuality}`,
    );
  }
  const erasing = merge('erasing', DEFAULTS.erasing, options.erasing);
  if (erasing !== null) {
    assertArgument(
      erasing.minArea <= erasing.maxArea && erasing.maxArea <= 1,
      `augment.erasing needs minArea ≤ maxArea ≤ 1, got ${erasing.minArea}…${erasing.maxArea}`,
    );
  }
  return {
    affine: merge('affine', DEFAULTS.affine, options.affine),
    color: merge('color', DEFAULTS.color, options.color),
    blur: merge('blur', DEFAULTS.blur, options.blur),
    noise: merge('noise', DEFAULTS.noise, options.noise),
    jpeg,
    erasing,
    occluder: merge('occluder', DEFAULTS.occluder, options.occluder),
    flip,
  };
}
