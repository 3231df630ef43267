import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = new URL('../../..', import.meta.url).pathname;
const READMES = [
  'README.md',
  ...['core', 'face-crop', 'synth', 'expression-encoder', 'animator', 'eval', 'cli'].map(
    (name) => `packages/${name}/README.md`,
  ),
];
/**
 * The start of a comment put on the line before a program's fence when it cannot run as it
 * stands (it needs the reader's files, or trains for minutes): `<!-- not run: why -->`.
 */
const NOT_RUN = '<!-- not run:';

interface Example {
  readonly line: number;
  readonly language: 'js' | 'ts';
  readonly code: string;
}

/**
 * The README's example programs, in order: every `js` or `ts` block whose first line is an
 * import and that is not marked {@link NOT_RUN}. Blocks that go on from the text around them
 * (no imports of their own) are fragments and are not run.
 */
function examplePrograms(readme: string): { programs: Example[]; marked: number } {
  const programs: Example[] = [];
  let marked = 0;
  for (const match of readme.matchAll(/```(js|ts)\n([\s\S]*?)```/g)) {
    const code = match[2];
    if (!code.startsWith('import ')) continue;
    const before = readme.slice(0, match.index);
    const lastLine = before.trimEnd().split('\n').at(-1) ?? '';
    if (lastLine.startsWith(NOT_RUN) && lastLine.endsWith('-->')) {
      marked++;
      continue;
    }
    const line = before.split('\n').length;
    programs.push({ line, language: match[1] as 'js' | 'ts', code });
  }
  return { programs, marked };
}

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
    expect(marked).toBe(1);
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
