import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand, run } from './packed-sdk';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One tarball `pnpm pack --json` wrote. */
interface Packed {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

/**
 * An outside project in a temp folder that installs the packed
 * `@switchyard/server` with npm, the way a user would from a registry: the
 * server and the workspace packages it depends on (core, the providers,
 * store-sql, …) are packed (`workspace:*` becomes their version) and
 * installed from those tarballs, everything else from npm. Resolves with the
 * folder and what each tarball holds.
 */
export async function installPackedServer(): Promise<{
  directory: string;
  packed: Packed[];
}> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-packed-server-'));
  const pnpm = await pnpmCommand();
  const { stdout } = await run(
    pnpm.command,
    [
      ...pnpm.prefix,
      '--filter-prod',
      '@switchyard/server...',
      'pack',
      '--recursive',
      '--json',
      '--pack-destination',
      directory,
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const packed = JSON.parse(stdout) as Packed[];
  // Each workspace package from its tarball, also where another one asks
  // for it (overrides), so npm never looks for them in a registry.
  const tarballs = Object.fromEntries(
    packed.map((entry) => [
      entry.name,
      `file:./${entry.filename.slice(directory.length + 1)}`,
    ]),
  );
  await writeFile(
    join(directory, 'package.json'),
    `${JSON.stringify(
      {
        name: 'switchyard-server-consumer',
        private: true,
        type: 'module',
        dependencies: tarballs,
        overrides: tarballs,
      },
      null,
      2,
    )}\n`,
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
    ],
    { cwd: directory, maxBuffer: 64 * 1024 * 1024 },
  );
  return { directory, packed };
}

/** The installed server's manifest, as npm unpacked it. */
export async function installedServerManifest(
  directory: string,
): Promise<{ bin?: Record<string, string>; files?: string[] }> {
  return JSON.parse(
    await readFile(
      join(directory, 'node_modules/@switchyard/server/package.json'),
      'utf8',
    ),
  ) as { bin?: Record<string, string>; files?: string[] };
}
