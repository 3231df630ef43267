import {
  assertArgument,
  assertObject,
  describeSource,
  describeValue,
  isNode,
  nodeIo,
  type ModelSource,
} from '@freeavatar/core';

/**
 * What a report says about a model file: where it is and, when its metadata tells, which
 * training stage wrote it, after how many steps, from which seed.
 *
 * @example
 * ```ts
 * const info: ModelFileInfo = {
 *   path: 'runs/mae/model/model.json',
 *   stage: 'mae',
 *   steps: 2000,
 *   seed: 1,
 * };
 * ```
 */
export interface ModelFileInfo {
  /** The path or URL, or `'IOHandler'`. */
  readonly path: string;
  /** `'mae'` (stage 1) or `'triplet'` (stage 2), from the file's metadata. */
  readonly stage?: string;
  /** Optimizer steps of the run that wrote it. */
  readonly steps?: number;
  readonly seed?: number;
}

const numberOr = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Reads what a `model.json` of `@freeavatar/expression-encoder` (a saved model or a training
 * checkpoint) says about itself. Only local paths in Node are read; for URLs, IOHandlers or
 * unreadable files only the path is known. Never throws for a bad file (loading the model
 * reports that).
 *
 * @example
 * ```ts
 * const info = await modelFileInfo('runs/triplet/model/model.json');
 * console.log(describeModelFile(info));
 * // '`runs/triplet/model/model.json` (stage triplet, 1500 steps, seed 1)'
 * ```
 */
export async function modelFileInfo(source: ModelSource): Promise<ModelFileInfo> {
  const path = describeSource(source);
  if (typeof source !== 'string' || !isNode() || /^[a-z]+:\/\//i.test(source)) return { path };
  try {
    const { fs } = await nodeIo();
    const json = JSON.parse(await fs.readFile(source, 'utf8')) as {
      userDefinedMetadata?: Record<string, unknown>;
    };
    const meta = json.userDefinedMetadata ?? {};
    const extra = (meta.extra ?? {}) as Record<string, unknown>;
    const stage = meta.stage ?? extra.stage;
    return {
      path,
      ...(typeof stage === 'string' ? { stage } : {}),
      ...(numberOr(meta.steps ?? meta.step) !== undefined
        ? { steps: numberOr(meta.steps ?? meta.step) }
        : {}),
      ...(numberOr(meta.seed) !== undefined ? { seed: numberOr(meta.seed) } : {}),
    };
  } catch {
    return { path };
  }
}

/**
 * One line for a report: the file in backticks and what its metadata says.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `info` is not an object with a string `path`.
 * @example
 * ```ts
 * describeModelFile({ path: 'm.json', stage: 'mae', steps: 2000 });
 * // '`m.json` (stage mae, 2000 steps)'
 * ```
 */
export function describeModelFile(info: ModelFileInfo): string {
  assertObject(info, 'info');
  assertArgument(
    typeof info.path === 'string',
    `info.path must be a string, got ${describeValue(info.path)}`,
  );
  const facts = [
    info.stage !== undefined ? `stage ${info.stage}` : undefined,
    info.steps !== undefined ? `${info.steps} steps` : undefined,
    info.seed !== undefined ? `seed ${info.seed}` : undefined,
  ].filter((f) => f !== undefined);
  return `\`${info.path}\`${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}
