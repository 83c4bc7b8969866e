#!/usr/bin/env node
// `pnpm create-provider NAME`: scaffolds packages/providers-NAME, a provider
// package that builds, lints and passes the conformance suite from the start.
// Then run `pnpm install` and replace the example API with the real one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { packageFiles } from './templates.mjs';

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The spellings of a kebab-case provider name. */
export function providerNames(kebab) {
  if (!NAME.test(kebab)) {
    throw new Error(
      `"${kebab}" is not a usable provider name: use lower-case letters, digits and single dashes, starting with a letter (e.g. "stability-ai").`,
    );
  }
  const words = kebab.split('-');
  return {
    kebab,
    pascal: words
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
    constant: words.map((word) => word.toUpperCase()).join('_'),
  };
}

/** Writes the package into `<packagesDirectory>/providers-NAME`; refuses to overwrite. */
export function createProviderPackage({ name, packagesDirectory }) {
  const names = providerNames(name);
  const directory = join(packagesDirectory, `providers-${names.kebab}`);
  if (existsSync(directory)) {
    throw new Error(
      `${directory} already exists; pick another name or remove it first.`,
    );
  }
  for (const [path, text] of Object.entries(packageFiles(names))) {
    const file = join(directory, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  formatWithPrettier(directory);
  return directory;
}

/**
 * Adds the new package to the root `tsconfig.json`'s references, so
 * `pnpm typecheck` (`tsc -b`) checks it.
 */
export function addProjectReference({ rootDirectory, directory }) {
  const file = join(rootDirectory, 'tsconfig.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const path = relative(rootDirectory, directory);
  if (config.references.some((reference) => reference.path === path)) return;
  config.references.push({ path });
  config.references.sort((a, b) => a.path.localeCompare(b.path));
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/** Formats the new files with the repo's Prettier, when it is installed. */
function formatWithPrettier(directory) {
  const prettier = resolve(
    import.meta.dirname,
    '../../node_modules/prettier/bin/prettier.cjs',
  );
  if (!existsSync(prettier)) return;
  execFileSync(
    process.execPath,
    [prettier, '--write', '--log-level', 'warn', directory],
    {
      stdio: 'inherit',
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2];
  if (name === undefined) {
    process.stderr.write(
      'usage: pnpm create-provider NAME   (e.g. pnpm create-provider stability-ai)\n',
    );
    process.exit(2);
  }
  try {
    const directory = createProviderPackage({
      name,
      packagesDirectory: resolve(import.meta.dirname, '../../packages'),
    });
    addProjectReference({
      rootDirectory: resolve(import.meta.dirname, '../..'),
      directory,
    });
    process.stdout.write(
      `Created ${directory}.\nNext: pnpm install, then pnpm vitest run --project providers-${name}; see docs/adding-a-provider.md.\n`,
    );
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
