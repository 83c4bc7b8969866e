import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Runs a command; rejects with its output when it fails. */
export const run = promisify(execFile);

const SDK_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The TypeScript an outside consumer brings: tRPC asks for it as a peer. */
export const TYPESCRIPT_VERSION = '5.9.3';

/** Packages a React app brings itself; the SDK lists them as optional peers. */
export const REACT_APP_DEPENDENCIES = {
  '@tanstack/react-query': '5.108.4',
  '@trpc/tanstack-react-query': '11.22.1',
  react: '19.3.1',
  'react-dom': '19.3.1',
};

/** React's types, as a React app on the SDK installs them. */
export const REACT_TYPES_VERSION = '19.3.3';

/** pnpm as the repo pins it: the one running the tests, else through npx. */
export async function pnpmCommand(): Promise<{
  command: string;
  prefix: string[];
}> {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath)) {
    return { command: process.execPath, prefix: [execPath] };
  }
  const manifest = JSON.parse(
    await readFile(join(ROOT, 'package.json'), 'utf8'),
  ) as { packageManager: string };
  return { command: 'npx', prefix: ['--yes', manifest.packageManager] };
}

/**
 * An outside project in a temp folder: a copy of `template` (a folder of
 * `test/`) that installs the packed SDK with npm, beside `dependencies` and
 * `devDependencies` (exact versions), and nothing from the workspace.
 * Resolves with the folder.
 */
export async function installPackedSdk(options: {
  template: string;
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
}): Promise<string> {
  const directory = await mkdtemp(
    join(tmpdir(), `switchyard-${options.template}-`),
  );
  const pnpm = await pnpmCommand();
  await run(
    pnpm.command,
    [...pnpm.prefix, 'pack', '--pack-destination', directory],
    { cwd: SDK_DIRECTORY },
  );
  const tarball = (await readdir(directory)).find((name) =>
    name.endsWith('.tgz'),
  );
  if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
  await cp(join(SDK_DIRECTORY, 'test', options.template), directory, {
    recursive: true,
  });
  const manifestPath = join(directory, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.dependencies = {
    '@switchyard/sdk': `file:./${tarball}`,
    ...options.dependencies,
  };
  manifest.devDependencies = options.devDependencies;
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  // Only the tarball and what it declares: no workspace, no hoisted copies.
  await npmInstall(directory);
  return directory;
}

/**
 * An outside project in a temp folder: a copy of `template` (a folder of
 * `test/`) installed with npm from its own package.json (its pinned
 * versions), nothing from the workspace. Resolves with the folder.
 */
export async function installConsumer(template: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), `switchyard-${template}-`));
  await cp(join(SDK_DIRECTORY, 'test', template), directory, {
    recursive: true,
  });
  await npmInstall(directory);
  return directory;
}

/** `npm install` in `directory`, from the registry's cache where it can, running no scripts. */
async function npmInstall(directory: string): Promise<void> {
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
    ],
    { cwd: directory },
  );
}

/** Type-checks the consumer in `directory` with its own TypeScript and tsconfig.json. */
export async function typeCheck(directory: string): Promise<string> {
  const result = await run(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
    { cwd: directory },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`tsc failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  return result.stderr;
}

export { startBuiltServer, type BuiltServer } from './built-server';
