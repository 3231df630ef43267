/** The READMEs whose example programs run and compile in the tests, relative to the repository. */
export const READMES = [
  'README.md',
  ...['core', 'face-crop', 'synth', 'expression-encoder', 'animator', 'eval', 'cli'].map(
    (name) => `packages/${name}/README.md`,
  ),
];
/**
 * The start of a comment put on the line before a program's fence when it cannot run as it
 * stands (it needs the reader's files, or trains for minutes): `<!-- not run: why -->`.
 */
export const NOT_RUN = '<!-- not run:';

/** A program in a README: its language, its code, and the line of its opening fence. */
export interface Example {
  readonly line: number;
  readonly language: 'js' | 'ts';
  readonly code: string;
}

/**
 * The README's example programs, in order: every `js` or `ts` block whose first line is an
 * import; `programs` are those to run, `marked` those marked {@link NOT_RUN}. Blocks that go on
 * from the text around them (no imports of their own) are fragments, in neither list.
 */
export function examplePrograms(readme: string): { programs: Example[]; marked: Example[] } {
  const programs: Example[] = [];
  const marked: Example[] = [];
  for (const match of readme.matchAll(/```(js|ts)\n([\s\S]*?)```/g)) {
    const code = match[2];
    if (!code.startsWith('import ')) continue;
    const before = readme.slice(0, match.index);
    const lastLine = before.trimEnd().split('\n').at(-1) ?? '';
    const example = { line: before.split('\n').length, language: match[1] as 'js' | 'ts', code };
    if (lastLine.startsWith(NOT_RUN) && lastLine.endsWith('-->')) marked.push(example);
    else programs.push(example);
  }
  return { programs, marked };
}
