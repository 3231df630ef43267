import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { expect } from 'vitest';
import { createProgram } from '../../program.js';

/** Whether `file` exists. */
export const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The rows of a training run's `log.jsonl`. */
export const logRows = async (dir: string): Promise<{ step: number; loss: number }[]> =>
  (await readFile(join(dir, 'log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/**
 * Parses a command line that must fail, with errors thrown instead of exiting; returns what
 * went to stderr.
 */
export async function parseFailing(args: string[]): Promise<string> {
  const program = createProgram(() => {});
  let stderr = '';
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) {
    c.exitOverride();
    c.configureOutput({ writeErr: (t) => (stderr += t), writeOut: () => {} });
  }
  await expect(program.parseAsync(args, { from: 'user' })).rejects.toThrow();
  return stderr;
}
