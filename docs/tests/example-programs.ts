import { join } from 'node:path';
import ts from 'typescript';
import { COMPILER_OPTIONS, type PublicSymbol } from './public-api.js';

/** One TSDoc example that did not compile, with the compiler's first line for each error. */
export interface ExampleFailure {
  /** `package symbol #n`, e.g. `@freeavatar/core warmupCosine #1`. */
  readonly example: string;
  readonly file: string;
  readonly errors: readonly string[];
}

/**
 * What an example may not use to compile: it would then show code that is not checked.
 */
const ESCAPES: readonly [RegExp, string][] = [
  [/@ts-(ignore|nocheck|expect-error)/, 'a @ts- directive'],
  [/\bas any\b|:\s*any\b|<any>/, 'the type any'],
];

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
export function checkExamples(repo: string, symbols: readonly PublicSymbol[]): ExampleFailure[] {
  const exportsOf = new Map<string, Set<string>>();
  for (const symbol of symbols) {
    const names = exportsOf.get(symbol.packageName) ?? new Set<string>();
    names.add(symbol.name);
    exportsOf.set(symbol.packageName, names);
  }
  const files = new Map<string, { label: string; file: string; text: string }>();
  for (const symbol of symbols) {
    symbol.examples.forEach((code, i) => {
      // Inside the package's folder, so that imports resolve as from a dependent's code.
      const path = join(repo, 'packages', symbol.folder, `__example_${files.size}.ts`);
      const text = exampleProgram(code, symbol.packageName, exportsOf.get(symbol.packageName)!);
      files.set(path, {
        label: `${symbol.packageName} ${symbol.name} #${i + 1}`,
        file: symbol.file,
        text,
      });
    });
  }
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => files.has(path) || fileExists.call(host, path);
  host.readFile = (path) => files.get(path)?.text ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const example = files.get(path);
    if (example) return ts.createSourceFile(path, example.text, language, true);
    return getSourceFile.call(host, path, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], COMPILER_OPTIONS, host);
  const failures: ExampleFailure[] = [];
  for (const [path, example] of files) {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(path));
    const escapes = ESCAPES.filter(([pattern]) => pattern.test(example.text)).map(
      ([, what]) => `uses ${what}`,
    );
    if (diagnostics.length === 0 && escapes.length === 0) continue;
    const errors = diagnostics.map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
      const at =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
          : 0;
      return `line ${at}: ${message}`;
    });
    failures.push({ example: example.label, file: example.file, errors: [...escapes, ...errors] });
  }
  return failures;
}
