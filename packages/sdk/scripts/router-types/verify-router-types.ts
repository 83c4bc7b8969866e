import { resolve } from 'node:path';
import ts from 'typescript';
import { createHost, formatDiagnostics } from './compiler-host';

/**
 * Fails unless the written router gives a tRPC client exactly what the
 * server's router gives it: the same inputs, outputs, error shape, and the
 * same client (query/mutation/subscription per path).
 */
export function verifyRouterTypes(settings: {
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
