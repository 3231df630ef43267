/**
 * The name FreeAvatar's encoder (its fine-tuned 16-d embedding) has in reports.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const ours = evaluation.methods.find((m) => m.name === ENCODER_METHOD_NAME);
 * ```
 */
export const ENCODER_METHOD_NAME = 'FreeAvatar encoder';

/**
 * The name of the stage-1 baseline in reports: the pooled backbone features of the
 * masked-autoencoder model, before triplet fine-tuning.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const mae = evaluation.methods.find((m) => m.name === MAE_METHOD_NAME);
 * ```
 */
export const MAE_METHOD_NAME = 'MAE features (stage 1)';

/**
 * The name of the face-mesh geometry peer in reports.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const mesh = evaluation.methods.find((m) => m.name === GEOMETRY_METHOD_NAME);
 * ```
 */
export const GEOMETRY_METHOD_NAME = 'face mesh geometry';
