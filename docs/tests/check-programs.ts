import { join } from 'node:path';
import ts from 'typescript';
import { COMPILER_OPTIONS } from './public-api.js';

/** A program shown in the docs, to type-check as a module of its own. */
export interface ProgramSource {
  /** What names it in messages, e.g. `@freeavatar/core warmupCosine #1`. */
  readonly label: string;
  /** The file it is shown in, relative to the repository. */
  readonly file: string;
  /** The folder its imports resolve from, as a reader's file there would. */
  readonly folder: string;
  /** Its code, with any imports it may leave out put back on its first line. */
  readonly text: string;
}

/** A program that did not compile, with the compiler's first line for each error. */
export interface ProgramFailure {
  readonly example: string;
  readonly file: string;
  readonly errors: readonly string[];
}

/** What a program may not use to compile: it would then show code that is not checked. */
const ESCAPES: readonly [RegExp, string][] = [
  [/@ts-(ignore|nocheck|expect-error)/, 'a @ts- directive'],
  [/\bas any\b|:\s*any\b|<any>/, 'the type any'],
];

/**
 * Type-checks the programs against the built packages, each as a module of its own, in one
 * compiler run, and returns the ones that do not compile. Line numbers count the program's
 * first line of code as line 1 (its `text` starts with one line of imports).
 */
export function checkPrograms(programs: readonly ProgramSource[]): ProgramFailure[] {
  const files = new Map<string, ProgramSource>();
  programs.forEach((program, i) =>
    files.set(join(program.folder, `__docs_program_${i}.ts`), program),
  );
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => files.has(path) || fileExists.call(host, path);
  host.readFile = (path) => files.get(path)?.text ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const program = files.get(path);
    if (program) return ts.createSourceFile(path, program.text, language, true);
    return getSourceFile.call(host, path, language, ...rest);
  };
  const compiled = ts.createProgram([...files.keys()], COMPILER_OPTIONS, host);
  const failures: ProgramFailure[] = [];
  for (const [path, program] of files) {
    const diagnostics = ts.getPreEmitDiagnostics(compiled, compiled.getSourceFile(path));
    const escapes = ESCAPES.filter(([pattern]) => pattern.test(program.text)).map(
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
    failures.push({ example: program.label, file: program.file, errors: [...escapes, ...errors] });
  }
  return failures;
}
