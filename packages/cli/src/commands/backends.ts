import {
  assertArgument,
  describeValue,
  initBackend,
  listBackends,
  type BackendName,
} from '@freeavatar/core';

/** One row of {@link runBackends}'s answer. */
export interface BackendRow {
  readonly name: BackendName;
  readonly available: boolean;
  readonly reason: string;
}

/**
 * `freeavatar backends`: which tfjs backends work here, and which one `initBackend` picks.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `prefer` is given but not an array of backend
 *   names.
 * @example
 * ```ts
 * const { rows, chosen } = await runBackends();
 * ```
 */
export async function runBackends(
  prefer?: BackendName[],
): Promise<{ rows: BackendRow[]; chosen: string }> {
  assertArgument(
    prefer === undefined || Array.isArray(prefer),
    `prefer must be an array of backend names, got ${describeValue(prefer)}`,
  );
  const rows = await listBackends();
  const chosen = await initBackend(prefer && prefer.length > 0 ? { prefer } : {});
  return {
    rows: rows.map((r) => ({ name: r.name, available: r.available, reason: r.detail })),
    chosen: chosen.name,
  };
}
