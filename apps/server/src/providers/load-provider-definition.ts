import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isProviderDefinition,
  type ProviderDefinition,
} from '@switchyard/core';

/** Prefix of the built-in provider packages: `use: openai` loads `@switchyard/providers-openai`. */
export const BUILT_IN_PROVIDER_PREFIX = '@switchyard/providers-';

/** Where a `use:` value points: a package name or a file on disk. */
export type ProviderSource =
  { kind: 'package'; name: string } | { kind: 'file'; path: string };

/**
 * Reads a `use:` value. A bare name (no `/`, `@` or leading `.`) is a built-in
 * provider, `@switchyard/providers-<name>`; a path (`./x`, `../x`, `/x`,
 * `file:`) is a file or package folder resolved against the config's folder;
 * anything else is a package name.
 */
export function resolveProviderSource(options: {
  use: string;
  directory: string;
}): ProviderSource {
  const { use, directory } = options;
  if (use.startsWith('file:')) {
    return { kind: 'file', path: fileURLToPath(use) };
  }
  if (use.startsWith('.') || isAbsolute(use)) {
    return { kind: 'file', path: resolve(directory, use) };
  }
  if (!use.includes('/') && !use.includes('@')) {
    return { kind: 'package', name: `${BUILT_IN_PROVIDER_PREFIX}${use}` };
  }
  return { kind: 'package', name: use };
}

/** Describes a source for messages: the package name or the file path. */
export function describeProviderSource(source: ProviderSource): string {
  return source.kind === 'package'
    ? `package "${source.name}"`
    : `file "${source.path}"`;
}

/**
 * Imports a provider module and returns its `switchyardProvider` export.
 * Packages resolve from the server first, then from the config's folder, so
 * a provider installed beside the config plugs in too. Throws an Error that
 * says what was tried; the caller adds the instance and the config file.
 */
export async function loadProviderDefinition(options: {
  source: ProviderSource;
  directory: string;
}): Promise<ProviderDefinition> {
  const { source, directory } = options;
  const module = await importSource({ source, directory });
  const exported =
    module.switchyardProvider ??
    (module.default as Record<string, unknown> | undefined)?.switchyardProvider;
  if (!isProviderDefinition(exported)) {
    throw new Error(
      `${describeProviderSource(source)} does not export "switchyardProvider" (a provider definition with name, settingsSchema, models and create()).`,
    );
  }
  return exported;
}

async function importSource(options: {
  source: ProviderSource;
  directory: string;
}): Promise<Record<string, unknown>> {
  const { source, directory } = options;
  if (source.kind === 'file') {
    return importModule(pathToFileURL(fileEntry(source.path)).href);
  }
  try {
    return await importModule(source.name);
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    const besideConfig = resolveBeside({ name: source.name, directory });
    if (besideConfig === undefined) throw error;
    return importModule(pathToFileURL(besideConfig).href);
  }
}

function importModule(specifier: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ specifier) as Promise<
    Record<string, unknown>
  >;
}

function resolveBeside(options: {
  name: string;
  directory: string;
}): string | undefined {
  try {
    return createRequire(join(options.directory, 'package.json')).resolve(
      options.name,
    );
  } catch {
    return undefined;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (error instanceof Error &&
      /Cannot find (module|package)/.test(error.message))
  );
}

/** A folder is a package: its entry comes from package.json, else index.js. */
function fileEntry(path: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return path;
  }
  if (!isDirectory) return path;
  let manifest: Record<string, unknown> = {};
  try {
    manifest = JSON.parse(
      readFileSync(join(path, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
  } catch {
    // No readable package.json: fall back to index.js.
  }
  return join(path, packageEntry(manifest) ?? 'index.js');
}

function packageEntry(manifest: Record<string, unknown>): string | undefined {
  const root = exportTarget(manifest.exports);
  if (root !== undefined) return root;
  return typeof manifest.main === 'string' ? manifest.main : undefined;
}

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const entries = exports as Record<string, unknown>;
  if ('.' in entries) return exportTarget(entries['.']);
  for (const condition of ['import', 'node', 'default']) {
    const target = exportTarget(entries[condition]);
    if (target !== undefined) return target;
  }
  return undefined;
}
