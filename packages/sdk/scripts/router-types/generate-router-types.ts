import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { createTypePrinter, type TypeOrigin } from './type-printer';

/** Settings of {@link generateRouterTypes}. */
export interface GenerateRouterTypesSettings {
  /** The SDK's folder; its `tsconfig.json` resolves `@switchyard/server`. */
  packageDir: string;
  /** Where to write the declaration file. */
  outFile: string;
  /** The module whose `AppRouter` type is written out. Default `@switchyard/server`. */
  serverModule?: string;
}

const TRPC_SERVER = '@trpc/server';
const PROCEDURE_TYPES: Record<string, string> = {
  query: 'TRPCQueryProcedure',
  mutation: 'TRPCMutationProcedure',
  subscription: 'TRPCSubscriptionProcedure',
};

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

function readCompilerOptions(packageDir: string): ts.CompilerOptions {
  const configPath = join(packageDir, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(formatDiagnostics([diagnostic]));
      },
    },
  );
  if (config === undefined) throw new Error(`Cannot read ${configPath}.`);
  return config.options;
}

/** A compiler host that also serves a few files from memory. */
function createHost(
  options: ts.CompilerOptions,
  files: Map<string, string>,
): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (fileName) =>
    files.get(resolve(fileName)) ?? readFile(fileName);
  host.fileExists = (fileName) =>
    files.has(resolve(fileName)) || fileExists(fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = files.get(resolve(fileName));
    return text === undefined
      ? getSourceFile(fileName, languageVersion, ...rest)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  return host;
}

function propertyType(
  checker: ts.TypeChecker,
  type: ts.Type,
  name: string,
): ts.Type {
  const property = checker.getPropertyOfType(type, name);
  if (property === undefined) {
    throw new Error(
      `Expected a "${name}" property on ${checker.typeToString(type)}: is this a tRPC 11 router?`,
    );
  }
  return checker.getTypeOfSymbol(property);
}

/**
 * Writes `@switchyard/server`'s `AppRouter` type out as a declaration file
 * that imports only `@trpc/server`: every input, output, error shape and meta
 * type spelt out, and the context (which only the server sees) replaced by
 * `object`. Then checks, with the compiler, that a tRPC client of the written
 * router has exactly the inputs, outputs and errors of the server's router,
 * and throws if not.
 */
export function generateRouterTypes(settings: GenerateRouterTypesSettings): {
  outFile: string;
  text: string;
} {
  const serverModule = settings.serverModule ?? '@switchyard/server';
  const options = readCompilerOptions(settings.packageDir);
  const probePath = resolve(settings.packageDir, '__router-probe__.ts');
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
  const routerType = checker.getTypeAtLocation(routerAlias.name);

  const trpcExports = new Map<ts.Symbol, string>();
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
    if (!trpcExports.has(target)) trpcExports.set(target, exported.name);
  }

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
  const printer = createTypePrinter({ checker, originOf });

  const definition = propertyType(checker, routerType, '_def');
  const rootTypes = propertyType(
    checker,
    propertyType(checker, definition, '_config'),
    '$types',
  );
  const meta = printer.declare(
    propertyType(checker, rootTypes, 'meta'),
    'RouterMeta',
  );
  const errorShape = printer.declare(
    propertyType(checker, rootTypes, 'errorShape'),
    'ErrorShape',
  );
  const transformer = checker.typeToString(
    propertyType(checker, rootTypes, 'transformer'),
  );
  if (transformer !== 'true' && transformer !== 'false') {
    throw new Error(`The router's transformer flag is ${transformer}.`);
  }

  const printRecord = (
    record: ts.Type,
    path: string,
    indent: string,
  ): string => {
    const entries = checker.getPropertiesOfType(record).map((property) => {
      const name = property.getName();
      const entryPath = path === '' ? name : `${path}.${name}`;
      const value = checker.getTypeOfSymbol(property);
      const valueDefinition = checker.getPropertyOfType(value, '_def');
      const isProcedure =
        valueDefinition !== undefined &&
        checker.getPropertyOfType(
          checker.getTypeOfSymbol(valueDefinition),
          'procedure',
        ) !== undefined;
      const text = isProcedure
        ? printProcedure(value, entryPath)
        : printRecord(value, entryPath, `${indent}  `);
      const documentation = ts.displayPartsToString(
        property.getDocumentationComment(checker),
      );
      const doc =
        documentation === ''
          ? ''
          : `${indent}  /** ${documentation.replaceAll('\n', ' ')} */\n`;
      return `${doc}${indent}  ${name}: ${text};`;
    });
    return `{\n${entries.join('\n')}\n${indent}}`;
  };

  const printProcedure = (procedure: ts.Type, path: string): string => {
    const procedureDefinition = propertyType(checker, procedure, '_def');
    const kind = checker.typeToString(
      propertyType(checker, procedureDefinition, 'type'),
    );
    const wrapper = PROCEDURE_TYPES[kind.replaceAll('"', '')];
    if (wrapper === undefined) {
      throw new Error(`Unknown procedure type ${kind} at ${path}.`);
    }
    const types = propertyType(checker, procedureDefinition, '$types');
    const input = printer.print(
      propertyType(checker, types, 'input'),
      `${path}:input`,
    );
    const output = printer.print(
      propertyType(checker, types, 'output'),
      `${path}:output`,
    );
    const procedureErrorShape = printer.print(
      propertyType(checker, types, 'errorShape'),
      `${path}:errorShape`,
    );
    const procedureMeta = printer.print(
      propertyType(checker, procedure, 'meta'),
      `${path}:meta`,
    );
    const isObservable =
      checker.getPropertyOfType(procedure, '_observable') !== undefined;
    const body =
      `${wrapper}<{ input: ${input}; output: ${output}; ` +
      `meta: ${procedureMeta}; errorShape: ${procedureErrorShape} }>`;
    return isObservable ? `${body} & { _observable: true }` : body;
  };

  const record = printRecord(
    propertyType(checker, definition, 'record'),
    '',
    '',
  );
  const wrappers = Object.values(PROCEDURE_TYPES).filter((name) =>
    record.includes(`${name}<`),
  );
  const imports = [
    ...new Set(['TRPCBuiltRouter', ...wrappers, ...printer.imports()]),
  ].sort();
  const declarations = printer
    .declarations()
    .map(({ name, text, documentation }) => {
      const doc =
        documentation === ''
          ? ''
          : `/** ${documentation.replaceAll('\n', ' ').replaceAll('*/', '*\\/')} */\n`;
      return `${doc}type ${name} = ${text};\n`;
    });
  const draft = [
    `// Generated from ${serverModule}'s AppRouter by`,
    '// packages/sdk/scripts/router-types/generate-router-types.ts (run by tsdown).',
    '// Do not edit: it is rewritten on every build of @switchyard/sdk.',
    `import type { ${imports.join(', ')} } from '${TRPC_SERVER}';`,
    '',
    ...declarations,
    "/** Root types of the router; `ctx` is the server's business, hence `object`. */",
    `type RootTypes = { ctx: object; meta: ${meta}; errorShape: ${errorShape}; transformer: ${transformer} };`,
    '',
    `/** The gateway's tRPC router, as its clients see it. */`,
    `export type AppRouter = TRPCBuiltRouter<RootTypes, ${record}>;`,
    '',
  ].join('\n');
  // Reprint through the compiler: consistent indentation, comments kept.
  const text = ts
    .createPrinter({ newLine: ts.NewLineKind.LineFeed })
    .printFile(
      ts.createSourceFile(
        'app-router.d.ts',
        draft,
        ts.ScriptTarget.Latest,
        true,
      ),
    );

  verifyRouterTypes({
    text,
    packageDir: settings.packageDir,
    serverModule,
    options,
    program,
    files,
  });
  mkdirSync(dirname(settings.outFile), { recursive: true });
  writeFileSync(settings.outFile, text);
  return { outFile: settings.outFile, text };
}

/**
 * Fails unless the written router gives a tRPC client exactly what the
 * server's router gives it: the same inputs, outputs, error shape, and the
 * same client (query/mutation/subscription per path).
 */
function verifyRouterTypes(settings: {
  text: string;
  packageDir: string;
  serverModule: string;
  options: ts.CompilerOptions;
  program: ts.Program;
  files: Map<string, string>;
}): void {
  const { text, packageDir, serverModule, options, program, files } = settings;
  // Both files live in memory, beside the probe, so they resolve modules as
  // the SDK does.
  const generatedPath = resolve(packageDir, '__router-written__.d.ts');
  const checkPath = resolve(packageDir, '__router-check__.ts');
  const importPath = './__router-written__';
  const check = [
    `import type { AppRouter as Written } from '${importPath}';`,
    `import type { AppRouter as Server } from '${serverModule}';`,
    "import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from '@trpc/server';",
    "import type { TRPCClient } from '@trpc/client';",
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;',
    'type Expect<T extends true> = T;',
    'export type Checks = [',
    '  Expect<Equal<inferRouterInputs<Written>, inferRouterInputs<Server>>>,',
    '  Expect<Equal<inferRouterOutputs<Written>, inferRouterOutputs<Server>>>,',
    '  Expect<Equal<inferRouterError<Written>, inferRouterError<Server>>>,',
    '  Expect<Equal<TRPCClient<Written>, TRPCClient<Server>>>,',
    '];',
    '',
  ].join('\n');
  const checkFiles = new Map(files);
  checkFiles.set(generatedPath, text);
  checkFiles.set(checkPath, check);
  const checkProgram = ts.createProgram({
    rootNames: [checkPath],
    options,
    host: createHost(options, checkFiles),
    oldProgram: program,
  });
  const diagnostics = [checkPath, generatedPath].flatMap((fileName) => {
    const sourceFile = checkProgram.getSourceFile(fileName);
    return sourceFile === undefined
      ? []
      : ts.getPreEmitDiagnostics(checkProgram, sourceFile);
  });
  if (diagnostics.length > 0) {
    throw new Error(
      `The written AppRouter differs from ${serverModule}'s:\n${formatDiagnostics(diagnostics)}\n--- written ---\n${text}`,
    );
  }
}
