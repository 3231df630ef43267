import { FreeAvatarError, initBackend, type BackendName, type ModelSource } from '@freeavatar/core';
import {
  loadAnimatorNetwork,
  resolveDefaultAnimatorModel,
  type AnimatorNetwork,
} from '@freeavatar/animator';
import { createExpressionEncoder, type ExpressionEncoder } from '@freeavatar/expression-encoder';

/**
 * The models `freeavatar animate` runs, loaded by {@link loadAnimateModels}; the caller owns
 * both and disposes them.
 *
 * @example
 * ```ts
 * const { network, encoder, backend }: AnimateModels = await loadAnimateModels({});
 * ```
 */
export interface AnimateModels {
  readonly network: AnimatorNetwork;
  readonly encoder: ExpressionEncoder;
  /** The tfjs backend in use. */
  readonly backend: string;
}

/**
 * Options of {@link loadAnimateModels}: `'default'` (or undefined) means the shipped weights.
 *
 * @example
 * ```ts
 * const options: AnimateModelOptions = { model: 'runs/animator/model.json', backend: 'wasm' };
 * ```
 */
export interface AnimateModelOptions {
  readonly model?: 'default' | ModelSource;
  readonly encoder?: 'default' | ModelSource;
  readonly backend?: BackendName;
}

/** Adds the command-line flag that picks other weights to a failed default load. */
function withFlag(err: unknown, flag: string): unknown {
  if (!(err instanceof FreeAvatarError)) return err;
  return new FreeAvatarError(
    err.code,
    `${err.message} On the command line: ${flag} path/to/model.json.`,
    { subject: err.subject, cause: err },
  );
}

/**
 * Picks the backend (the preferred one, else the best available) and loads the animator network
 * and the expression encoder. When shipped weights are missing, the message names the flag
 * that loads others (`--model` for the network, `--encoder` for the encoder).
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when weights cannot be loaded,
 *   `BACKEND_UNAVAILABLE` when the preferred backend does not work, `INVALID_ARGUMENT` when the
 *   encoder's feature size is not the network's input size.
 * @example
 * ```ts
 * const { network, encoder } = await loadAnimateModels({
 *   model: 'runs/animator/model.json',
 *   encoder: 'runs/triplet/model/model.json',
 * });
 * ```
 */
export async function loadAnimateModels(options: AnimateModelOptions): Promise<AnimateModels> {
  const { name } = await initBackend(options.backend ? { prefer: options.backend } : {});
  const model = options.model ?? 'default';
  let network: AnimatorNetwork;
  try {
    network = await loadAnimatorNetwork(
      model === 'default' ? await resolveDefaultAnimatorModel() : model,
    );
  } catch (err) {
    throw model === 'default' ? withFlag(err, '--model') : err;
  }
  const encoderModel = options.encoder ?? 'default';
  let encoder: ExpressionEncoder;
  try {
    encoder = await createExpressionEncoder({ model: encoderModel });
  } catch (err) {
    network.dispose();
    throw encoderModel === 'default' ? withFlag(err, '--encoder') : err;
  }
  const featureSize = network.config.featureSize;
  if (encoder.config.dim !== featureSize) {
    const dim = encoder.config.dim;
    network.dispose();
    encoder.dispose();
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `The encoder's features have ${dim} values but the animator network reads ` +
        `${featureSize}: pass the --encoder the network was trained with.`,
    );
  }
  return { network, encoder, backend: name };
}
