import {
  FreeAvatarError,
  applyLinearMap,
  assertArgument,
  fitLinearMap,
  type LinearMap,
  type LinearMapOptions,
} from '@freeavatar/core';
import type { ExpressionFeatureMethod, PeerFace, RigMethod, RigTarget } from './types.js';

/**
 * Options of {@link linearRigMethod}.
 *
 * @example
 * ```ts
 * const options: LinearRigOptions = { name: 'kalidokit → rig', clamp: false };
 * ```
 */
export interface LinearRigOptions {
  /** Name in tables and plots. Default: `'<feature method name> + linear map'`. */
  name?: string;
  /** Clamp outputs to the rig range 0–1. Default `true`. */
  clamp?: boolean;
  /** Whether `dispose` also disposes the feature method. Default `true`. */
  ownsMethod?: boolean;
}

function assertRigTarget(avatar: RigTarget): void {
  assertArgument(
    avatar !== null &&
      typeof avatar === 'object' &&
      typeof avatar.name === 'string' &&
      Array.isArray(avatar.controls) &&
      avatar.controls.every((c) => typeof c === 'string'),
    `avatar must be { name: string, controls: string[] }, got ${JSON.stringify(avatar)}`,
  );
}

/**
 * Fits the linear map of one avatar for {@link linearRigMethod}: runs `method` on the training
 * faces and regresses their true rig vectors on its features ({@link fitLinearMap}). Faces whose
 * features are not finite (e.g. no face found with `missingFace: 'nan'`) are left out.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when faces and rigs differ in count, a rig has the
 *   wrong length, or no usable face is left.
 * @example
 * ```ts
 * declare const trainFaces: PeerFace[];
 * declare const trainRigs: number[][]; // one true rig vector per training face
 * declare const fox: RigTarget;
 * const kalidokit = await kalidokitMethod();
 * const map = await fitLinearRig(kalidokit, trainFaces, trainRigs, fox);
 * const peer = linearRigMethod(kalidokit, { fox: map });
 * ```
 */
export async function fitLinearRig(
  method: ExpressionFeatureMethod,
  faces: readonly PeerFace[],
  rigs: readonly ArrayLike<number>[],
  avatar: RigTarget,
  options: LinearMapOptions = {},
): Promise<LinearMap> {
  assertRigTarget(avatar);
  assertArgument(
    Array.isArray(faces) && Array.isArray(rigs) && faces.length === rigs.length,
    `faces and rigs must be arrays of the same length, got ${Array.isArray(faces) ? faces.length : typeof faces} and ${Array.isArray(rigs) ? rigs.length : typeof rigs}`,
  );
  rigs.forEach((rig, i) =>
    assertArgument(
      rig?.length === avatar.controls.length,
      `rigs[${i}] must hold ${avatar.controls.length} values (the controls of '${avatar.name}'), got ${rig?.length}`,
    ),
  );
  const features = await method.features(faces);
  const keep = features
    .map((f, i) => (f.every((v) => Number.isFinite(v)) ? i : -1))
    .filter((i) => i >= 0);
  assertArgument(keep.length > 0, `No training face gave finite ${method.name} features`);
  return fitLinearMap(
    keep.map((i) => features[i]),
    keep.map((i) => rigs[i]),
    options,
  );
}

/**
 * Turns any {@link ExpressionFeatureMethod} into a {@link RigMethod} through one fitted linear map
 * per avatar (keyed by avatar name): `rig = clamp(W·features + b)`. This is how landmark peers
 * such as kalidokit drive avatars whose rigs they do not know: the map is fitted on training
 * faces with known rigs ({@link fitLinearRig}) and evaluated on others.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad method or maps; from `rig`, for an
 *   avatar without a map or whose control count differs from its map's outputs; `DISPOSED`
 *   after `dispose`.
 * @example
 * ```ts
 * import type { LinearMap } from '@freeavatar/core';
 * declare const foxMap: LinearMap, robotMap: LinearMap; // from fitLinearRig
 * declare const testFaces: PeerFace[];
 * declare const foxControls: string[];
 * const peer = linearRigMethod(await kalidokitMethod(), { fox: foxMap, robot: robotMap });
 * const rigs = await peer.rig(testFaces, { name: 'fox', controls: foxControls });
 * peer.dispose();
 * ```
 */
export function linearRigMethod(
  method: ExpressionFeatureMethod,
  maps: Readonly<Record<string, LinearMap>>,
  options: LinearRigOptions = {},
): RigMethod {
  assertArgument(
    typeof method?.features === 'function' && typeof method.dispose === 'function',
    `method must be an ExpressionFeatureMethod (features and dispose), got ${method === null ? 'null' : typeof method}`,
  );
  assertArgument(
    maps !== null && typeof maps === 'object',
    `maps must be an object of LinearMaps keyed by avatar name, got ${String(maps)}`,
  );
  const clamp = options.clamp ?? true;
  let disposed = false;
  return {
    name: options.name ?? `${method.name} + linear map`,
    async rig(faces, avatar) {
      if (disposed) throw new FreeAvatarError('DISPOSED', 'This rig method was disposed');
      assertRigTarget(avatar);
      const map = Object.hasOwn(maps, avatar.name) ? maps[avatar.name] : undefined;
      if (map === undefined) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `No linear map fitted for avatar '${avatar.name}' (maps for: ${Object.keys(maps).join(', ') || 'none'})`,
        );
      }
      assertArgument(
        map.outputSize === avatar.controls.length,
        `The map of '${avatar.name}' gives ${map.outputSize} values but the avatar has ${avatar.controls.length} controls`,
      );
      const features = await method.features(faces);
      return features.map((f) => {
        const rig = applyLinearMap(map, f);
        if (clamp) for (let j = 0; j < rig.length; j++) rig[j] = Math.min(1, Math.max(0, rig[j]));
        return rig;
      });
    },
    dispose() {
      if (options.ownsMethod ?? true) method.dispose();
      disposed = true;
    },
  };
}
