import { assertArgument, assertArray, assertObject } from '@freeavatar/core';
import type { ParamShapes } from '@freeavatar/expression-encoder';

/**
 * One avatar the animator drives: its id and the names of its rig controls, in the order of
 * the predicted vectors.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const controls = AVATARS['robot'].rig.map((c) => c.name);
 * const spec: AnimatorAvatarSpec = { id: 'robot', controls };
 * ```
 */
export interface AnimatorAvatarSpec {
  /** Letters, digits, `_` or `-`; unique within a network. */
  readonly id: string;
  /** Control names, unique, at least one. */
  readonly controls: readonly string[];
}

/**
 * The shape of an animator network: the encoder's pooled feature plus a learned identity row
 * per avatar → a residual MLP whose blocks are modulated by the identity (FiLM) → one sigmoid
 * head per avatar.
 *
 * @example
 * ```ts
 * const config: AnimatorNetworkConfig = {
 *   featureSize: 128, identitySize: 16, width: 512, blocks: 2, dropout: 0.1,
 *   avatars: [{ id: 'robot', controls: ['blink', 'jawDrop'] }],
 * };
 * ```
 */
export interface AnimatorNetworkConfig {
  /** Size of the encoder's pooled feature (the tiny preset's: 128). */
  readonly featureSize: number;
  /** Size of each avatar's identity embedding (default 16). */
  readonly identitySize: number;
  /** Width of the residual MLP (default 512). */
  readonly width: number;
  /** Residual blocks (default 2). */
  readonly blocks: number;
  /** Dropout rate inside each block while training (default 0.1). */
  readonly dropout: number;
  readonly avatars: readonly AnimatorAvatarSpec[];
}

/** Defaults of {@link AnimatorNetworkConfig}'s optional fields. */
const DEFAULTS = { identitySize: 16, width: 512, blocks: 2, dropout: 0.1 } as const;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks one avatar spec, throwing `INVALID_ARGUMENT` naming the bad value.
 *
 * @example
 * ```ts
 * validateAvatarSpec({ id: 'robot', controls: ['blink'] });
 * ```
 */
export function validateAvatarSpec(spec: AnimatorAvatarSpec): void {
  assertArgument(
    spec !== null && typeof spec === 'object',
    `an avatar spec must be an object { id, controls }, got ${String(spec)}`,
  );
  assertArgument(
    typeof spec.id === 'string' && ID_PATTERN.test(spec.id),
    `avatar id must be 1–64 letters, digits, "_" or "-", got ${JSON.stringify(spec.id)}`,
  );
  assertArgument(
    Array.isArray(spec.controls) && spec.controls.length >= 1 && spec.controls.length <= 4096,
    `avatar ${spec.id} needs 1..4096 control names, got ${
      Array.isArray(spec.controls) ? spec.controls.length : typeof spec.controls
    }`,
  );
  const seen = new Set<string>();
  for (const name of spec.controls) {
    assertArgument(
      typeof name === 'string' && name.length > 0,
      `avatar ${spec.id} has a control name that is not a non-empty string: ${JSON.stringify(name)}`,
    );
    assertArgument(!seen.has(name), `avatar ${spec.id} lists control "${name}" twice`);
    seen.add(name);
  }
}

function integerIn(value: number, min: number, max: number, what: string): void {
  assertArgument(
    Number.isInteger(value) && value >= min && value <= max,
    `${what} must be an integer in ${min}..${max}, got ${value}`,
  );
}

/**
 * Fills the defaults of a network config and checks every field, throwing `INVALID_ARGUMENT`
 * naming the bad value (duplicate avatar ids included).
 *
 * @example
 * ```ts
 * const config = resolveAnimatorNetworkConfig({
 *   featureSize: 128, avatars: [{ id: 'a', controls: ['x'] }],
 * });
 * config.width; // 512
 * ```
 */
export function resolveAnimatorNetworkConfig(
  config: Partial<AnimatorNetworkConfig> & Pick<AnimatorNetworkConfig, 'featureSize' | 'avatars'>,
): AnimatorNetworkConfig {
  assertArgument(
    config !== null && typeof config === 'object',
    'the animator network config must be an object',
  );
  const resolved: AnimatorNetworkConfig = {
    featureSize: config.featureSize,
    identitySize: config.identitySize ?? DEFAULTS.identitySize,
    width: config.width ?? DEFAULTS.width,
    blocks: config.blocks ?? DEFAULTS.blocks,
    dropout: config.dropout ?? DEFAULTS.dropout,
    avatars: config.avatars,
  };
  integerIn(resolved.featureSize, 1, 65536, 'featureSize');
  integerIn(resolved.identitySize, 1, 4096, 'identitySize');
  integerIn(resolved.width, 1, 8192, 'width');
  integerIn(resolved.blocks, 0, 64, 'blocks');
  assertArgument(
    Number.isFinite(resolved.dropout) && resolved.dropout >= 0 && resolved.dropout < 1,
    `dropout must be a number in [0, 1), got ${resolved.dropout}`,
  );
  assertArgument(
    Array.isArray(resolved.avatars) && resolved.avatars.length >= 1,
    'the animator network needs at least one avatar in `avatars`',
  );
  const ids = new Set<string>();
  for (const spec of resolved.avatars) {
    validateAvatarSpec(spec);
    assertArgument(!ids.has(spec.id), `avatar id "${spec.id}" appears twice in avatars`);
    ids.add(spec.id);
  }
  return {
    ...resolved,
    avatars: resolved.avatars.map((a) => ({ id: a.id, controls: [...a.controls] })),
  };
}

/**
 * Names and shapes of the weights every avatar shares: the input projection and, per block,
 * the identity → FiLM map and two dense layers.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `config` is not an object.
 * @example
 * ```ts
 * declare const config: AnimatorNetworkConfig;
 * sharedParamShapes(config)['shared/input/kernel']; // [featureSize + identitySize, width]
 * ```
 */
export function sharedParamShapes(config: AnimatorNetworkConfig): ParamShapes {
  assertObject(config, 'config');
  const { featureSize, identitySize, width } = config;
  const shapes: Record<string, number[]> = {
    'shared/input/kernel': [featureSize + identitySize, width],
    'shared/input/bias': [width],
  };
  for (let b = 0; b < config.blocks; b++) {
    shapes[`shared/block${b}/film/kernel`] = [identitySize, 2 * width];
    shapes[`shared/block${b}/film/bias`] = [2 * width];
    shapes[`shared/block${b}/dense1/kernel`] = [width, width];
    shapes[`shared/block${b}/dense1/bias`] = [width];
    shapes[`shared/block${b}/dense2/kernel`] = [width, width];
    shapes[`shared/block${b}/dense2/bias`] = [width];
  }
  return shapes;
}

/**
 * Names and shapes of one avatar's own weights: its identity row and its output head.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `config` or `spec` is not an object, or
 *   `spec.controls` is not an array.
 * @example
 * ```ts
 * declare const config: AnimatorNetworkConfig;
 * declare const controls: string[]; // the robot's 12 control names
 * avatarParamShapes(config, { id: 'robot', controls })['avatar/robot/head/kernel']; // [width, 12]
 * ```
 */
export function avatarParamShapes(
  config: Pick<AnimatorNetworkConfig, 'identitySize' | 'width'>,
  spec: AnimatorAvatarSpec,
): ParamShapes {
  assertObject(config, 'config');
  assertObject(spec, 'spec');
  assertArray(spec.controls, 'spec.controls');
  const prefix = `avatar/${spec.id}/`;
  return {
    [`${prefix}identity`]: [config.identitySize],
    [`${prefix}head/kernel`]: [config.width, spec.controls.length],
    [`${prefix}head/bias`]: [spec.controls.length],
  };
}
