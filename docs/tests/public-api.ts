import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The workspace packages whose public API the reference documents, in dependency order. */
export const PACKAGES = [
  'core',
  'face-crop',
  'synth',
  'expression-encoder',
  'animator',
  'eval',
  'cli',
] as const;

/** One name a package's entry point exports. */
export interface PublicSymbol {
  /** The folder under `packages/`. */
  readonly folder: string;
  /** The package's npm name, e.g. `@freeavatar/core`. */
  readonly packageName: string;
  readonly name: string;
  /** A function (or a const holding one) or a class: what the standard asks an example of. */
  readonly callable: boolean;
  /** Whether any declaration carries a TSDoc comment. */
  readonly documented: boolean;
  /** The code of every fenced block in its `@example` tags. */
  readonly examples: readonly string[];
  /** Where it is declared, relative to the repository, for messages. */
  readonly file: string;
}

/** The compiler options of the project's packages, for reading the sources and the examples. */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

const FENCE = /```(?:ts|typescript|js|javascript)?\n([\s\S]*?)```/g;

function isCallable(declaration: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return true;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const init = declaration.initializer;
  return ts.isArrowFunction(init) || ts.isFunctionExpression(init);
}

/** The node a declaration's TSDoc comment is attached to (a `const`'s is on its statement). */
function commentedNode(declaration: ts.Declaration): ts.Node {
  return ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
}

function exampleBlocks(node: ts.Node): string[] {
  const blocks: string[] = [];
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== 'example') continue;
    const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
    for (const match of text.matchAll(FENCE)) blocks.push(match[1]);
  }
  return blocks;
}

/**
 * Every name the packages' entry points (`packages/NAME/src/index.ts`) export, with its TSDoc
 * examples, read from the sources by the TypeScript compiler.
 */
export function readPublicApi(repo: string): PublicSymbol[] {
  const entries = PACKAGES.map((folder) => join(repo, 'packages', folder, 'src', 'index.ts'));
  const program = ts.createProgram(entries, COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const symbols: PublicSymbol[] = [];
  PACKAGES.forEach((folder, i) => {
    const manifest = JSON.parse(
      readFileSync(join(repo, 'packages', folder, 'package.json'), 'utf8'),
    ) as { name: string };
    const source = program.getSourceFile(entries[i]);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read the exports of ${entries[i]}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      if (declarations.length === 0) continue;
      const nodes = declarations.map(commentedNode);
      symbols.push({
        folder,
        packageName: manifest.name,
        name: exported.name,
        callable: declarations.some(isCallable),
        documented: nodes.some((node) => ts.getJSDocCommentsAndTags(node).length > 0),
        examples: nodes.flatMap(exampleBlocks),
        file: declarations[0].getSourceFile().fileName.slice(repo.length + 1),
      });
    }
  });
  return symbols;
}
