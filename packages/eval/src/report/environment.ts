import { importNode } from '@freeavatar/core';

/**
 * Where and when figures were measured, as a report states it.
 *
 * @example
 * ```ts
 * const env: RunEnvironment = await describeEnvironment({ backend: 'wasm' });
 * console.log(`${env.commit} on ${env.cpu} × ${env.cores}, ${env.date}`);
 * ```
 */
export interface RunEnvironment {
  /** `git rev-parse HEAD` of the working folder, or `null` outside a git checkout. */
  readonly commit: string | null;
  /**
   * Whether `packages/` had uncommitted changes when measured (`null` when unknown): then the
   * figures belong to the commit plus those changes.
   */
  readonly uncommittedChanges: boolean | null;
  /** CPU model, as `os.cpus()` names it. */
  readonly cpu: string;
  /** Logical CPU count. */
  readonly cores: number;
  /** Operating system and architecture, e.g. `linux 6.1.0 x64`. */
  readonly os: string;
  /** Node.js version. */
  readonly node: string;
  /** The TensorFlow.js backend, when given. */
  readonly backend?: string;
  /** ISO 8601 date and time. */
  readonly date: string;
}

/**
 * Options of {@link describeEnvironment}.
 *
 * @example
 * ```ts
 * const options: EnvironmentOptions = { cwd: '/work/repo', backend: 'wasm' };
 * ```
 */
export interface EnvironmentOptions {
  /** Folder whose git commit is reported. Default: the current working folder. */
  cwd?: string;
  backend?: string;
  /** The time to report. Default: now. */
  now?: Date;
}

async function git(args: string[], cwd: string | undefined): Promise<string | null> {
  const { execFile } = await importNode<typeof import('node:child_process')>('node:child_process');
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000 }, (err, stdout) =>
      resolve(err ? null : stdout.trim()),
    );
  });
}

/**
 * Describes the machine and checkout the figures are measured on: the git commit (and whether
 * `packages/` held uncommitted changes), CPU model and count, OS, Node version, backend and
 * date. Node only; git being absent just leaves the commit `null`.
 *
 * @example
 * ```ts
 * const env = await describeEnvironment({ backend: tf.getBackend() });
 * ```
 */
export async function describeEnvironment(
  options: EnvironmentOptions = {},
): Promise<RunEnvironment> {
  const os = await importNode<typeof import('node:os')>('node:os');
  const commit = await git(['rev-parse', 'HEAD'], options.cwd);
  const status =
    commit === null ? null : await git(['status', '--porcelain', '--', ':/packages'], options.cwd);
  const cpus = os.cpus();
  return {
    commit: commit !== null && /^[0-9a-f]{7,64}$/.test(commit) ? commit : null,
    uncommittedChanges: status === null ? null : status.length > 0,
    cpu: cpus[0]?.model.trim() || 'unknown CPU',
    cores: cpus.length,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
    date: (options.now ?? new Date()).toISOString(),
  };
}
