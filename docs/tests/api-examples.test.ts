import { describe, expect, it } from 'vitest';
import { checkExamples, exampleProgram } from './example-programs.js';
import { readPublicApi, type PublicSymbol } from './public-api.js';

const repo = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const api = readPublicApi(repo);

describe('the public API reference', () => {
  it('reads every package entry point', () => {
    expect(new Set(api.map((symbol) => symbol.folder)).size).toBe(7);
    const createEncoder = api.find((symbol) => symbol.name === 'createExpressionEncoder');
    expect(createEncoder?.packageName).toBe('@freeavatar/expression-encoder');
    expect(createEncoder?.callable).toBe(true);
    expect(createEncoder?.examples.length).toBeGreaterThan(0);
  });

  it('documents every public function and class with an example', () => {
    const missing = api
      .filter((symbol) => symbol.callable && (!symbol.documented || symbol.examples.length === 0))
      .map((symbol) => `${symbol.packageName} ${symbol.name} (${symbol.file})`);
    expect(missing, `no TSDoc example:\n${missing.join('\n')}`).toEqual([]);
  });

  it('has examples that compile against the built packages', () => {
    const failures = checkExamples(repo, api);
    const report = failures
      .map((failure) => `${failure.example} (${failure.file})\n  ${failure.errors.join('\n  ')}`)
      .join('\n');
    expect(failures.length, `examples that do not compile:\n${report}`).toBe(0);
  }, 120_000);
});

describe('exampleProgram', () => {
  const exported = new Set(['warmupCosine', 'Rng', 'createRng']);

  it('imports the names of the documented package the example uses and does not import', () => {
    const code = 'const lr = warmupCosine({ peak: 1, warmupSteps: 0, totalSteps: 2 });\n';
    const program = exampleProgram(code, '@freeavatar/x', exported);
    expect(program.split('\n')[0]).toBe("import { warmupCosine } from '@freeavatar/x';");
    expect(program).toContain(code);
  });

  it('leaves names the example declares or imports, and adds tf where it is used', () => {
    const code = [
      "import { createRng } from '@freeavatar/x';",
      'declare const warmupCosine: number;',
      'const t = tf.zeros([1]);',
    ].join('\n');
    const prelude = exampleProgram(code, '@freeavatar/x', exported).split('\n')[0];
    expect(prelude).toBe("import * as tf from '@tensorflow/tfjs';");
  });

  it('does not take a name from a string or a comment for a use', () => {
    const code = "// see Rng\nconst s = 'createRng';\n";
    expect(exampleProgram(code, '@freeavatar/x', exported).split('\n')[0]).toBe('');
  });
});

describe('checkExamples', () => {
  const symbol = (examples: string[]): PublicSymbol => ({
    folder: 'core',
    packageName: '@freeavatar/core',
    name: 'createRng',
    callable: true,
    documented: true,
    examples,
    file: 'packages/core/src/rng.ts',
  });

  it('names an example that uses the API wrongly, with the line and the error', () => {
    const failures = checkExamples(repo, [
      symbol(['const rng = createRng(1);\nconst x: string = rng.next();\n', 'createRng(2);\n']),
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0].example).toBe('@freeavatar/core createRng #1');
    expect(failures[0].errors[0]).toMatch(
      /^line 2: Type 'number' is not assignable to type 'string'/,
    );
  });

  it('names an example that uses a value it never declares', () => {
    const [failure] = checkExamples(repo, [symbol(['const n: number = faces.length;\n'])]);
    expect(failure.errors).toEqual(["line 1: Cannot find name 'faces'."]);
  });

  it('refuses an example that silences the compiler', () => {
    const failures = checkExamples(repo, [
      symbol(['// @ts-ignore\nconst a = createRng(1).next() as any;\n']),
      symbol(['declare const faces: any;\nconst n: number = faces.length;\n']),
    ]);
    expect(failures.map((failure) => failure.errors)).toEqual([
      ['uses a @ts- directive', 'uses the type any'],
      ['uses the type any'],
    ]);
  });
});
