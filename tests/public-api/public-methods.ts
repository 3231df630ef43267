import { join } from 'node:path';
import ts from 'typescript';

/**
 * The public methods of an exported interface or class of a workspace package, read from its
 * sources with the TypeScript compiler: the members with a call signature, less the private and
 * protected ones.
 */
export function publicMethods(repo: string, folder: string, typeName: string): string[] {
  const entry = join(repo, 'packages', folder, 'src', 'index.ts');
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
  let symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName);
  if (!symbol) throw new Error(`${folder} exports no ${typeName}`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
  return checker
    .getPropertiesOfType(type)
    .filter((member) => {
      const declaration = member.declarations?.[0];
      if (!declaration || ts.getCombinedModifierFlags(declaration) & hidden) return false;
      if (member.name.startsWith('#')) return false;
      const memberType = checker.getTypeOfSymbolAtLocation(member, declaration);
      return memberType.getCallSignatures().length > 0;
    })
    .map((member) => member.name)
    .sort();
}
