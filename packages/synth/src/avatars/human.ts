/**
 * The realistic human avatar: the synthetic head with a fixed identity and look, rigged with
 * the 52 ARKit blendshapes themselves (one morph target per ARKit shape).
 */
import {
  ARKIT_BLENDSHAPES,
  ARKIT_BLENDSHAPE_COUNT,
  type ArkitBlendshape,
} from '../blendshapes/arkit.js';
import { DEFAULT_APPEARANCE, type Appearance } from '../face/appearance.js';
import { createHead } from '../face/head.js';
import { assembleAvatar, type AvatarSource } from './avatar-builder.js';
import { arkit, type RetargetTerm } from './retarget-terms.js';
import type { Avatar } from './types.js';

/**
 * The human avatar's rig: the 52 ARKit blendshapes, in ARKit order, with their descriptions.
 *
 * @example
 * ```ts
 * import { HUMAN_RIG } from '@freeavatar/synth';
 * console.log(HUMAN_RIG.length); // 52
 * ```
 */
export const HUMAN_RIG: readonly {
  readonly name: ArkitBlendshape;
  readonly description: string;
}[] = ARKIT_BLENDSHAPES.map(({ name, description }) => ({ name, description }));

/**
 * A human-rig control name: an ARKit blendshape name.
 *
 * @example
 * ```ts
 * const control: HumanControl = 'jawOpen';
 * ```
 */
export type HumanControl = ArkitBlendshape;

/** Ground truth from ARKit to the human rig: the identity (then clamped to [0, 1]). */
export const HUMAN_RETARGET: Readonly<Record<HumanControl, RetargetTerm>> = Object.freeze(
  Object.fromEntries(HUMAN_RIG.map(({ name }) => [name, arkit(name)])) as Record<
    HumanControl,
    RetargetTerm
  >,
);

/** Id, name and description of the human avatar. */
export const HUMAN_INFO = {
  id: 'human',
  name: 'Human',
  description: 'A realistic human head rigged with the 52 ARKit blendshapes.',
} as const;

/** The human's fixed look: short dark hair, light-brown skin, hazel eyes. */
const HUMAN_APPEARANCE: Appearance = {
  ...DEFAULT_APPEARANCE,
  skin: [0.78, 0.58, 0.46],
  blush: 0.35,
  lips: [0.68, 0.38, 0.37],
  brows: { color: [0.12, 0.08, 0.06], thickness: 1.1 },
  hair: { style: 'short', color: [0.11, 0.07, 0.05], hairline: 0 },
  eyes: { iris: [0.36, 0.3, 0.14], sclera: [0.94, 0.92, 0.88], pupil: 0.22 },
  clothing: [0.16, 0.3, 0.36],
};

/** Builds the human avatar (about a second: 53 evaluations of the head). */
export function buildHumanAvatar(): Avatar {
  const head = createHead({ appearance: HUMAN_APPEARANCE, variation: 0.7 });
  const neutral = head.mesh();
  const weights = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
  const source: AvatarSource<HumanControl> = {
    parts: neutral.parts.map((p) => ({
      name: p.name,
      material: p.material,
      indices: p.indices,
      colors: p.colors,
      vertexCount: p.positions.length / 3,
    })),
    positions(state) {
      weights.fill(0);
      ARKIT_BLENDSHAPES.forEach(({ name }, i) => (weights[i] = state[name] ?? 0));
      const parts = head.mesh(weights).parts;
      const out = new Float32Array(parts.reduce((n, p) => n + p.positions.length, 0));
      let offset = 0;
      for (const p of parts) {
        out.set(p.positions, offset);
        offset += p.positions.length;
      }
      return out;
    },
  };
  return assembleAvatar(source, {
    ...HUMAN_INFO,
    rig: HUMAN_RIG,
    background: [0.36, 0.4, 0.46],
    frameParts: ['face', 'earLeft', 'earRight'],
    frameScale: 1.06,
  });
}
