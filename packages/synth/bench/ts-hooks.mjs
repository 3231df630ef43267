// Module hooks that let plain Node run this repository's TypeScript sources: `.js` imports that
// name a `.ts` file resolve to it, `@freeavatar/<pkg>` resolves to `packages/<pkg>/src/index.ts`,
// and `.ts` files are transpiled with the TypeScript compiler on load.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { URL, fileURLToPath } from 'node:url';
import ts from 'typescript';

const packagesDir = new URL('../../', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const scoped = /^@freeavatar\/([a-z-]+)$/.exec(specifier);
  if (scoped) {
    const entry = new URL(`${scoped[1]}/src/index.ts`, packagesDir);
    if (existsSync(entry)) return { url: entry.href, shortCircuit: true };
  }
  if (
    specifier.endsWith('.js') &&
    context.parentURL?.endsWith('.ts') &&
    specifier.startsWith('.')
  ) {
    const candidate = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      verbatimModuleSyntax: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
