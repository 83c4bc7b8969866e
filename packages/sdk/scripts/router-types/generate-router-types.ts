import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';
import { propertyType } from './compiler-host';
import { loadRouter, TRPC_SERVER } from './load-router';
import { PROCEDURE_TYPES, printRouterRecord } from './print-router';
import { createTypePrinter, type PrintedDeclaration } from './type-printer';
import { verifyRouterTypes } from './verify-router-types';

/** Settings of {@link generateRouterTypes}. */
export interface GenerateRouterTypesSettings {
  /** The SDK's folder; its `tsconfig.json` resolves `@switchyard/server`. */
  packageDir: string;
  /** Where to write the declaration file. */
  outFile: string;
  /** The module whose `AppRouter` type is written out. Default `@switchyard/server`. */
  serverModule?: string;
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
  const router = loadRouter(settings.packageDir, serverModule);
  const { checker } = router;
  const printer = createTypePrinter(router);

  const definition = propertyType(checker, router.routerType, '_def');
  const rootTypes = propertyType(
    checker,
    propertyType(checker, definition, '_config'),
    '$types',
  );
  const root = (name: string) => propertyType(checker, rootTypes, name);
  const meta = printer.declare(root('meta'), 'RouterMeta');
  const errorShape = printer.declare(root('errorShape'), 'ErrorShape');
  const transformer = checker.typeToString(root('transformer'));
  if (transformer !== 'true' && transformer !== 'false') {
    throw new Error(`The router's transformer flag is ${transformer}.`);
  }
  const record = printRouterRecord(
    { checker, printer },
    propertyType(checker, definition, 'record'),
  );
  const wrappers = Object.values(PROCEDURE_TYPES).filter((name) =>
    record.includes(`${name}<`),
  );
  const draft = renderDeclarationFile({
    serverModule,
    imports: [
      ...new Set(['TRPCBuiltRouter', ...wrappers, ...printer.imports()]),
    ].sort(),
    declarations: printer.declarations(),
    rootTypes: `{ ctx: object; meta: ${meta}; errorShape: ${errorShape}; transformer: ${transformer} }`,
    record,
  });
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
    options: router.options,
    program: router.program,
    files: router.files,
  });
  mkdirSync(dirname(settings.outFile), { recursive: true });
  writeFileSync(settings.outFile, text);
  return { outFile: settings.outFile, text };
}

function renderDeclarationFile(parts: {
  serverModule: string;
  imports: string[];
  declarations: PrintedDeclaration[];
  rootTypes: string;
  record: string;
}): string {
  const declarations = parts.declarations.map(
    ({ name, text, documentation }) => {
      const doc =
        documentation === ''
          ? ''
          : `/** ${documentation.replaceAll('\n', ' ').replaceAll('*/', '*\\/')} */\n`;
      return `${doc}type ${name} = ${text};\n`;
    },
  );
  return [
    `// Generated from ${parts.serverModule}'s AppRouter by`,
    '// packages/sdk/scripts/router-types/generate-router-types.ts (run by tsdown).',
    '// Do not edit: it is rewritten on every build of @switchyard/sdk.',
    `import type { ${parts.imports.join(', ')} } from '${TRPC_SERVER}';`,
    '',
    ...declarations,
    "/** Root types of the router; `ctx` is the server's business, hence `object`. */",
    `type RootTypes = ${parts.rootTypes};`,
    '',
    `/** The gateway's tRPC router, as its clients see it. */`,
    `export type AppRouter = TRPCBuiltRouter<RootTypes, ${parts.record}>;`,
    '',
  ].join('\n');
}
