/**
 * Samples how a face looks: skin tone over the whole human range, lips, brows, hair, eyes,
 * facial hair, glasses, teeth and clothing. Colours are display (sRGB) values in 0..1.
 */
import { assertArgument, assertObject, describeValue, type Rng } from '@freeavatar/core';
import { assertRng } from '../arguments.js';
import type {
  Appearance,
  FacialHairStyle,
  GlassesShape,
  HairStyle,
  Rgb,
} from '../face/appearance.js';

/**
 * Skin tones from lightest to darkest; a sampled tone is a point between two neighbours, so
 * every tone in the range is reachable, with equal probability along the scale.
 *
 * @example
 * ```ts
 * import { SKIN_TONES } from '@freeavatar/synth';
 * console.log(SKIN_TONES.length); // 8
 * ```
 */
export const SKIN_TONES: readonly Rgb[] = [
  [0.97, 0.87, 0.8],
  [0.93, 0.78, 0.67],
  [0.85, 0.67, 0.54],
  [0.75, 0.56, 0.42],
  [0.6, 0.42, 0.3],
  [0.46, 0.31, 0.21],
  [0.32, 0.21, 0.14],
  [0.2, 0.13, 0.09],
];

/**
 * Traits that make appearance choices correlate (a darker skin goes with darker eyes and hair).
 *
 * @example
 * ```ts
 * const traits: AppearanceTraits = { melanin: 0.3, age: 50, masculinity: 0.2 };
 * ```
 */
export interface AppearanceTraits {
  /** Position on {@link SKIN_TONES}, 0 (lightest) to 1 (darkest). */
  melanin: number;
  /** Age in years (18–85): greying, receding hairline, teeth tint. */
  age: number;
  /** −1..1: shifts hair-style, brow and facial-hair odds (and jaw, brow ridge in the shape). */
  masculinity: number;
}

const HAIR_COLORS: Record<string, Rgb> = {
  black: [0.04, 0.035, 0.03],
  darkBrown: [0.12, 0.08, 0.05],
  brown: [0.27, 0.17, 0.09],
  lightBrown: [0.45, 0.32, 0.19],
  blonde: [0.77, 0.63, 0.4],
  platinum: [0.88, 0.83, 0.7],
  red: [0.52, 0.22, 0.1],
  auburn: [0.33, 0.13, 0.07],
};

const EYE_COLORS: Record<string, Rgb> = {
  darkBrown: [0.18, 0.1, 0.06],
  brown: [0.35, 0.21, 0.11],
  amber: [0.58, 0.4, 0.14],
  hazel: [0.44, 0.37, 0.2],
  green: [0.3, 0.45, 0.3],
  blue: [0.3, 0.46, 0.66],
  grey: [0.5, 0.55, 0.58],
};

const FRAME_COLORS: Rgb[] = [
  [0.05, 0.05, 0.05],
  [0.2, 0.2, 0.22],
  [0.3, 0.18, 0.1],
  [0.72, 0.6, 0.3],
  [0.7, 0.7, 0.72],
  [0.1, 0.15, 0.35],
  [0.5, 0.1, 0.1],
];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Picks a key with probability proportional to its weight. */
function weighted<K extends string>(rng: Rng, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1][0];
}

/**
 * The skin tone at `melanin` (0..1) along {@link SKIN_TONES}.
 *
 * @example
 * ```ts
 * const [r, g, b] = skinToneAt(0.5); // a medium tone
 * ```
 */
export function skinToneAt(melanin: number): Rgb {
  assertArgument(
    typeof melanin === 'number' && !Number.isNaN(melanin),
    `melanin must be a number (0..1), got ${describeValue(melanin)}`,
  );
  const x = clamp01(melanin) * (SKIN_TONES.length - 1);
  const i = Math.min(SKIN_TONES.length - 2, Math.floor(x));
  return mix(SKIN_TONES[i], SKIN_TONES[i + 1], x - i);
}

function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number): number => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

/**
 * Samples an {@link Appearance} for given traits.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import { sampleAppearance } from '@freeavatar/synth';
 * const look = sampleAppearance(createRng(7), { melanin: 0.6, age: 35, masculinity: -0.5 });
 * ```
 */
export function sampleAppearance(rng: Rng, traits: AppearanceTraits): Appearance {
  assertRng(rng);
  assertObject(traits, 'traits');
  for (const key of ['melanin', 'age', 'masculinity'] as const) {
    assertArgument(
      Number.isFinite(traits[key]),
      `traits.${key} must be a finite number, got ${describeValue(traits[key])}`,
    );
  }
  const { melanin, age, masculinity } = traits;
  const masc = (masculinity + 1) / 2;
  const tone = skinToneAt(melanin);
  const undertone = rng.normal(0, 0.025);
  const skin: Rgb = [
    clamp01(tone[0] * (1 + undertone)),
    clamp01(tone[1] * (1 + rng.normal(0, 0.015))),
    clamp01(tone[2] * (1 - undertone)),
  ];
  const lips = mix(
    [skin[0] * 0.82, skin[1] * 0.55, skin[2] * 0.56],
    [0.62, 0.28, 0.3].map((c) => c * (1 - 0.55 * melanin)) as Rgb,
    rng.uniform(0.2, 0.45),
  );

  const hairKey = weighted(rng, {
    black: 0.15 + 1.2 * melanin,
    darkBrown: 0.3 + 0.4 * melanin,
    brown: 0.35 * (1 - 0.7 * melanin),
    lightBrown: 0.2 * (1 - melanin),
    blonde: 0.18 * (1 - melanin) ** 2,
    platinum: 0.04 * (1 - melanin) ** 2,
    red: 0.06 * (1 - melanin) ** 2,
    auburn: 0.06 * (1 - melanin),
  });
  const natural = HAIR_COLORS[hairKey];
  const greying = clamp01((age - 38) / 35) * rng.uniform(0.3, 1);
  const hairColor = mix(natural, [0.72, 0.72, 0.7], greying);

  const style = weighted<HairStyle>(rng, {
    bald: 0.01 + 0.2 * masc * clamp01((age - 25) / 40),
    buzz: 0.03 + 0.2 * masc,
    short: 0.2 + 0.3 * masc,
    medium: 0.3 - 0.12 * masc,
    long: 0.45 - 0.4 * masc,
  });
  const hairline = Math.max(
    -0.5,
    rng.normal(0, 0.35) + masc * clamp01((age - 22) / 45) * rng.uniform(0, 2.2),
  );

  const eyeKey = weighted(rng, {
    darkBrown: 0.2 + 1.5 * melanin,
    brown: 0.5,
    amber: 0.05,
    hazel: 0.2 * (1 - melanin),
    green: 0.15 * (1 - melanin) ** 2,
    blue: 0.4 * (1 - melanin) ** 3,
    grey: 0.1 * (1 - melanin) ** 3,
  });
  const iris = EYE_COLORS[eyeKey].map((c) => clamp01(c * rng.uniform(0.85, 1.15))) as Rgb;

  const hasFacialHair = rng.bool(0.02 + 0.5 * masc * clamp01((age - 16) / 10));
  const facialStyle: FacialHairStyle = hasFacialHair
    ? weighted<FacialHairStyle>(rng, {
        stubble: 0.4,
        moustache: 0.1,
        goatee: 0.15,
        beard: 0.35,
        none: 0,
      })
    : 'none';
  const glassesOn = rng.bool(0.15 + 0.25 * clamp01((age - 40) / 30));
  const shape: GlassesShape = rng.bool(0.35) ? 'round' : 'rectangular';
  const teethAge = clamp01((age - 20) / 60);

  return {
    skin,
    blush: rng.uniform(0.1, 0.5) * (1 - 0.6 * melanin),
    lips,
    brows: {
      color: mix(natural, skin, rng.uniform(0.05, 0.3)).map((c) => c * 0.85) as Rgb,
      thickness: Math.min(1.5, Math.max(0.55, rng.normal(1 + 0.15 * masculinity, 0.15))),
    },
    hair: { style, color: hairColor, hairline },
    eyes: {
      iris,
      sclera: [
        0.93 - rng.uniform(0, 0.05),
        0.91 - rng.uniform(0, 0.06),
        0.87 - rng.uniform(0, 0.06),
      ],
      pupil: rng.uniform(0.16, 0.3),
    },
    facialHair: {
      style: facialStyle,
      color: mix(natural, hairColor, 0.7),
      density: hasFacialHair ? rng.uniform(0.5, 1) : 0,
    },
    glasses: { enabled: glassesOn, color: rng.pick(FRAME_COLORS), shape },
    teeth: [0.94 - 0.05 * teethAge, 0.91 - 0.08 * teethAge, 0.84 - 0.16 * teethAge],
    clothing: hsv(rng.next(), rng.uniform(0.1, 0.7), rng.uniform(0.15, 0.85)),
  };
}
