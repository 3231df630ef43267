import { join } from 'node:path';
import ts from 'typescript';
import { checkPrograms, type ProgramFailure, type ProgramSource } from './check-programs.js';
import type { PublicSymbol } from './public-api.js';

/** The names an example declares or imports at its top level. */
function declaredNames(code: string): Set<string> {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) names.add(el.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The identifiers an example's code uses (outside strings and comments). */
function usedIdentifiers(code: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  const used = new Set<string>();
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.Identifier) used.add(scanner.getTokenText());
  }
  return used;
}

/**
 * The program an example stands for: its code, after the imports it may leave out: the names
 * its own package exports, and `tf` for `@tensorflow/tfjs`. Everything else it uses it imports
 * or declares (`declare const faces: tf.Tensor4D;`).
 */
export function exampleProgram(code: string, packageName: string, exported: Set<string>): string {
  const declared = declaredNames(code);
  const used = usedIdentifiers(code);
  const implicit = [...used].filter((name) => exported.has(name) && !declared.has(name)).sort();
  const prelude: string[] = [];
  if (implicit.length > 0) prelude.push(`import { ${implicit.join(', ')} } from '${packageName}';`);
  if (used.has('tf') && !declared.has('tf'))
    prelude.push(`import * as tf from '@tensorflow/tfjs';`);
  return `${prelude.join(' ')}\n${code}\nexport {};\n`;
}

/**
 * Type-checks every example of the given symbols as a module of its own, against the built
 * packages (as a user's code sees them), and returns the ones that do not compile.
 */
export function checkExamples(repo: string, symbols: readonly PublicSymbol[]): ProgramFailure[] {
  const exportsOf = new Map<string, Set<string>>();
  for (const symbol of symbols) {
    const names = exportsOf.get(symbol.packageName) ?? new Set<string>();
    names.add(symbol.name);
    exportsOf.set(symbol.packageName, names);
  }
  const programs: ProgramSource[] = symbols.flatMap((symbol) =>
    symbol.examples.map((code, i) => ({
      label: `${symbol.packageName} ${symbol.name} #${i + 1}`,
      file: symbol.file,
      // Inside the package's folder, so that imports resolve as from a dependent's code.
      folder: join(repo, 'packages', symbol.folder),
      text: exampleProgram(code, symbol.packageName, exportsOf.get(symbol.packageName)!),
    })),
  );
  return checkPrograms(programs);
}
