import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a finished command printed. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One package as `npm pack --json` describes its tarball. */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** The tarball's file name, in the pack destination. */
  readonly filename: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  readonly files: readonly string[];
}

/**
 * The environment without npm's `npm_*` variables, which `npm test` sets for its own project
 * (its prefix, its workspaces) and which would steer an npm run in another folder.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

/**
 * Runs a command to its end and resolves to its exit code and output; never rejects on a
 * non-zero exit (the caller decides), only when the command cannot start or outlives
 * `timeoutMs`.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCommand('npm', ['--version'], process.cwd());
 * ```
 */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 240_000,
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} ran longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; the error carries the end of its output. */
export async function mustRun(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs?: number,
): Promise<string> {
  const out = await runCommand(command, args, cwd, timeoutMs);
  if (out.code !== 0) {
    const tail = `${out.stdout}\n${out.stderr}`.trim().slice(-3000);
    throw new Error(`${command} ${args.join(' ')} exited with ${out.code}:\n${tail}`);
  }
  return out.stdout;
}

/**
 * Packs every workspace of the repository at `root` into `destination` with `npm pack`, as
 * `npm publish` would, and lists what each tarball holds. The packages must be built.
 */
export async function packWorkspaces(root: string, destination: string): Promise<PackedPackage[]> {
  const stdout = await mustRun(
    'npm',
    ['pack', '--workspaces', '--json', '--pack-destination', destination],
    root,
  );
  const packs = JSON.parse(stdout) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  }[];
  return packs.map((p) => ({
    name: p.name,
    version: p.version,
    filename: p.filename,
    files: p.files.map((f) => f.path),
  }));
}

/**
 * Makes a new ES-module project in `dir` and installs the given tarballs into it with npm, as a
 * user installs the published packages: their dependencies come from the registry (or npm's
 * cache), not from the repository.
 */
export async function installTarballs(dir: string, tarballs: readonly string[]): Promise<void> {
  const manifest = { name: 'consumer', version: '1.0.0', private: true, type: 'module' };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await mustRun(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
    dir,
    600_000,
  );
}

/** `true` when a file exists. */
export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
