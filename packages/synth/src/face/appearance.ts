/**
 * An RGB colour, each channel 0..1 (linear albedo).
 *
 * @example
 * ```ts
 * const navy: Rgb = [0.1, 0.15, 0.35];
 * ```
 */
export type Rgb = [number, number, number];

/**
 * Hair styles the head shell can draw.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const style = HAIR_STYLES[createRng(1).int(HAIR_STYLES.length)];
 * ```
 */
export const HAIR_STYLES = ['bald', 'buzz', 'short', 'medium', 'long'] as const;
/**
 * One of {@link HAIR_STYLES}.
 *
 * @example
 * ```ts
 * const style: HairStyle = 'long';
 * ```
 */
export type HairStyle = (typeof HAIR_STYLES)[number];

/**
 * Facial hair painted on the skin.
 *
 * @example
 * ```ts
 * console.log(FACIAL_HAIR_STYLES.join(', '));
 * ```
 */
export const FACIAL_HAIR_STYLES = ['none', 'stubble', 'moustache', 'goatee', 'beard'] as const;
/**
 * One of {@link FACIAL_HAIR_STYLES}.
 *
 * @example
 * ```ts
 * const beard: FacialHairStyle = 'goatee';
 * ```
 */
export type FacialHairStyle = (typeof FACIAL_HAIR_STYLES)[number];

/**
 * Shapes of glasses frames.
 *
 * @example
 * ```ts
 * const shape = GLASSES_SHAPES[0]; // 'round'
 * ```
 */
export const GLASSES_SHAPES = ['round', 'rectangular'] as const;
/**
 * One of {@link GLASSES_SHAPES}.
 *
 * @example
 * ```ts
 * const shape: GlassesShape = 'rectangular';
 * ```
 */
export type GlassesShape = (typeof GLASSES_SHAPES)[number];

/**
 * How a head looks apart from its shape: colours and accessories. Sampled per identity by
 * `sampleIdentity`, or written by hand.
 *
 * @example
 * ```ts
 * const look: Appearance = { ...DEFAULT_APPEARANCE, skin: [0.45, 0.3, 0.2] };
 * const head = createHead({ appearance: look });
 * ```
 */
export interface Appearance {
  /** Base skin albedo. */
  skin: Rgb;
  /** Redness of the cheeks, 0..1. */
  blush: number;
  /** Lip colour. */
  lips: Rgb;
  brows: {
    color: Rgb;
    /** Thickness factor, about 0.6 (thin) to 1.5 (bushy). */ thickness: number;
  };
  hair: {
    style: HairStyle;
    color: Rgb;
    /** Hairline height offset in cm (+ recedes). */
    hairline: number;
  };
  eyes: { iris: Rgb; sclera: Rgb; /** Pupil radius, cm (about 0.15–0.35). */ pupil: number };
  facialHair: { style: FacialHairStyle; color: Rgb; /** Coverage 0..1. */ density: number };
  glasses: { enabled: boolean; color: Rgb; shape: GlassesShape };
  teeth: Rgb;
  /** Colour of the clothing at the shoulders. */
  clothing: Rgb;
}

/**
 * A plain default look: medium skin, short dark hair, brown eyes, no facial hair or glasses.
 *
 * @example
 * ```ts
 * import { DEFAULT_APPEARANCE } from '@freeavatar/synth';
 * const look = { ...DEFAULT_APPEARANCE, glasses: { ...DEFAULT_APPEARANCE.glasses, enabled: true } };
 * ```
 */
export const DEFAULT_APPEARANCE: Readonly<Appearance> = Object.freeze({
  skin: [0.76, 0.57, 0.45],
  blush: 0.3,
  lips: [0.66, 0.38, 0.36],
  brows: { color: [0.16, 0.11, 0.08], thickness: 1 },
  hair: { style: 'short', color: [0.14, 0.1, 0.07], hairline: 0 },
  eyes: { iris: [0.35, 0.22, 0.12], sclera: [0.93, 0.91, 0.87], pupil: 0.22 },
  facialHair: { style: 'none', color: [0.14, 0.1, 0.07], density: 0 },
  glasses: { enabled: false, color: [0.08, 0.08, 0.09], shape: 'rectangular' },
  teeth: [0.93, 0.9, 0.82],
  clothing: [0.2, 0.27, 0.4],
}) as Readonly<Appearance>;
