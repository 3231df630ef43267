import { FreeAvatarError, initBackend, type BackendName, type ModelSource } from '@freeavatar/core';
import { createExpressionEncoder, type ExpressionEncoder } from '@freeavatar/expression-encoder';

/**
 * Picks the backend (as `freeavatar crop` does: the preferred one, else the best available) and
 * loads the expression encoder. When the default model cannot be loaded, the encoder's message
 * gains the command-line flag that names another model.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the model cannot be loaded,
 *   `BACKEND_UNAVAILABLE` when the preferred backend does not work.
 * @example
 * ```ts
 * const encoder = await openEncoder('runs/triplet/model/model.json', 'wasm');
 * ```
 */
export async function openEncoder(
  model: 'default' | ModelSource | undefined,
  backend: BackendName | undefined,
): Promise<ExpressionEncoder> {
  await initBackend(backend ? { prefer: backend } : {});
  try {
    return await createExpressionEncoder({ model: model ?? 'default' });
  } catch (err) {
    if ((model ?? 'default') === 'default' && err instanceof FreeAvatarError) {
      throw new FreeAvatarError(
        err.code,
        `${err.message} On the command line: --model path/to/model.json.`,
        { subject: err.subject, cause: err },
      );
    }
    throw err;
  }
}
