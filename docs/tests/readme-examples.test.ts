import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkPrograms, type ProgramSource } from './check-programs.js';
import { NOT_RUN, READMES, examplePrograms } from './readme-programs.js';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;
describe('README examples', () => {
  it('finds the programs and skips fragments and marked blocks', () => {
    const readme = [
      '```js\nimport { a } from "x";\nconsole.log(a);\n```',
      '```ts\nconst b: number = 1;\n```',
      `${NOT_RUN} needs your file -->`,
      '```js\nimport { c } from "./yours.js";\n```',
      '```sh\nimport not a program\n```',
    ].join('\n');
    const { programs, marked } = examplePrograms(readme);
    expect(programs).toEqual([
      { line: 1, language: 'js', code: 'import { a } from "x";\nconsole.log(a);\n' },
    ]);
    expect(marked).toEqual([
      { line: 9, language: 'js', code: 'import { c } from "./yours.js";\n' },
    ]);
  });

  // Each README's programs run in order, in one scratch folder that sees the repository's
  // `packages` and `node_modules` (later examples read what earlier ones wrote), as a user runs
  // them from the repository root after `npm run build`.
  for (const path of READMES) {
    it(`runs every program of ${path}`, { timeout: 300_000 }, async () => {
      const { programs } = examplePrograms(await readFile(join(repo, path), 'utf8'));
      const dir = await mkdtemp(join(tmpdir(), 'readme-examples-'));
      try {
        await symlink(join(repo, 'packages'), join(dir, 'packages'));
        await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'));
        for (const { line, language, code } of programs) {
          const source =
            language === 'ts'
              ? ts.transpileModule(code, {
                  compilerOptions: {
                    module: ts.ModuleKind.ESNext,
                    target: ts.ScriptTarget.ES2022,
                  },
                }).outputText
              : code;
          const file = join(dir, `example-line-${line}.mjs`);
          await writeFile(file, source);
          const result = await run(process.execPath, [file], { cwd: dir }).catch(
            (error: { stderr?: string; message: string }) => {
              throw new Error(
                `${path} line ${line}: the example failed\n${error.stderr ?? error.message}`,
              );
            },
          );
          expect(result.stderr, `${path} line ${line}`).not.toMatch(/Error/);
        }
        // What the examples write goes to out/, which git ignores, not into the reader's tree.
        const written = (await readdir(dir)).filter(
          (name) => !['packages', 'node_modules', 'out'].includes(name) && !name.endsWith('.mjs'),
        );
        expect(written, `${path}: examples wrote outside out/`).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('README programs', () => {
  // Marked programs cannot run here, but they compile like the rest: a reader copies them too.
  it('compile against the built packages, the marked ones included', async () => {
    const sources: ProgramSource[] = [];
    for (const path of READMES) {
      const { programs, marked } = examplePrograms(await readFile(join(repo, path), 'utf8'));
      for (const { line, code } of [...programs, ...marked]) {
        sources.push({
          label: `${path} line ${line}`,
          file: path,
          folder: join(repo, dirname(path)),
          text: `\n${code}\nexport {};\n`,
        });
      }
    }
    expect(sources.length).toBeGreaterThan(20);
    const failures = checkPrograms(sources);
    const report = failures
      .map((failure) => `${failure.example}\n  ${failure.errors.join('\n  ')}`)
      .join('\n');
    expect(failures.length, `README programs that do not compile:\n${report}`).toBe(0);
  }, 120_000);
});
