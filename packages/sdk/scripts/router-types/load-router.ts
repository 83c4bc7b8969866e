import { resolve } from 'node:path';
import ts from 'typescript';
import {
  createHost,
  formatDiagnostics,
  readCompilerOptions,
} from './compiler-host';
import type { TypeOrigin } from './type-printer';

export const TRPC_SERVER = '@trpc/server';

/** The server's router as the compiler sees it from the SDK's folder. */
export interface LoadedRouter {
  options: ts.CompilerOptions;
  /** The in-memory probe file, reused by the check of the written types. */
  files: Map<string, string>;
  program: ts.Program;
  checker: ts.TypeChecker;
  routerType: ts.Type;
  /** `import` for `@trpc/server`'s exports, `lib` for TypeScript's own types. */
  originOf: (symbol: ts.Symbol) => TypeOrigin;
}

/**
 * Compiles a probe that imports `AppRouter` from `serverModule` (and
 * `@trpc/server`, to know its export names) with the SDK's compiler options.
 */
export function loadRouter(
  packageDir: string,
  serverModule: string,
): LoadedRouter {
  const options = readCompilerOptions(packageDir);
  const probePath = resolve(packageDir, '__router-probe__.ts');
  const files = new Map([
    [
      probePath,
      `import type { AppRouter } from '${serverModule}';\n` +
        `import type * as trpc from '${TRPC_SERVER}';\n` +
        'export type Router = AppRouter;\n' +
        'export type Trpc = typeof trpc;\n',
    ],
  ]);
  const program = ts.createProgram({
    rootNames: [probePath],
    options,
    host: createHost(options, files),
  });
  const probe = program.getSourceFile(probePath);
  if (probe === undefined) throw new Error('The router probe did not load.');
  const probeErrors = ts.getPreEmitDiagnostics(program, probe);
  if (probeErrors.length > 0) {
    throw new Error(
      `Cannot load ${serverModule}'s AppRouter:\n${formatDiagnostics(probeErrors)}`,
    );
  }
  const checker = program.getTypeChecker();
  const routerAlias = probe.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === 'Router',
  );
  if (routerAlias === undefined) throw new Error('No Router alias in probe.');
  const trpcExports = trpcExportNames(checker, probe);
  const originOf = (symbol: ts.Symbol): TypeOrigin => {
    const exportName = trpcExports.get(symbol);
    if (exportName !== undefined) return { kind: 'import', name: exportName };
    const declarations = symbol.declarations ?? [];
    const isLib =
      declarations.length > 0 &&
      declarations.every((declaration) =>
        program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
      );
    return isLib ? { kind: 'lib' } : { kind: 'local' };
  };
  return {
    options,
    files,
    program,
    checker,
    routerType: checker.getTypeAtLocation(routerAlias.name),
    originOf,
  };
}

/** Each symbol `@trpc/server` exports, by the name it exports it under. */
function trpcExportNames(
  checker: ts.TypeChecker,
  probe: ts.SourceFile,
): Map<ts.Symbol, string> {
  const names = new Map<ts.Symbol, string>();
  const trpcImport = probe.statements.find(
    (statement): statement is ts.ImportDeclaration =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === TRPC_SERVER,
  );
  const trpcModule =
    trpcImport === undefined
      ? undefined
      : checker.getSymbolAtLocation(trpcImport.moduleSpecifier);
  for (const exported of trpcModule === undefined
    ? []
    : checker.getExportsOfModule(trpcModule)) {
    const target =
      exported.flags & ts.SymbolFlags.Alias
        ? checker.getAliasedSymbol(exported)
        : exported;
    if (!names.has(target)) names.set(target, exported.name);
  }
  return names;
}
