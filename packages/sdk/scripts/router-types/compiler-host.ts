import { join, resolve } from 'node:path';
import ts from 'typescript';

export function formatDiagnostics(
  diagnostics: readonly ts.Diagnostic[],
): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

export function readCompilerOptions(packageDir: string): ts.CompilerOptions {
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
export function createHost(
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

/** The type of `type`'s property `name`; throws when the router has none. */
export function propertyType(
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
