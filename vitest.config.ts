import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Paths hang off this file, so a package's own `test` script (run from its
// folder with `--root ../..`) sees the same projects as a run from the root.
const ROOT = fileURLToPath(new URL('.', import.meta.url));

const workspaceFolders = ['packages', 'apps'].flatMap((parent) =>
  readdirSync(join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(ROOT, parent, entry.name))
    .filter((folder) => existsSync(join(folder, 'package.json'))),
);

// Every @switchyard/* package (and subpath export) resolves to its source,
// through the "@switchyard/source" condition, so `vitest` needs no build.
const sourceAliases = workspaceFolders.flatMap((folder) => {
  const manifest = JSON.parse(
    readFileSync(join(folder, 'package.json'), 'utf8'),
  ) as { name: string; exports?: Record<string, unknown> };
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = (target as Record<string, unknown> | null)?.[
      '@switchyard/source'
    ];
    if (typeof source !== 'string') return [];
    const specifier = `${manifest.name}${subpath.slice(1)}`;
    return [
      {
        find: new RegExp(`^${specifier.replaceAll('/', '\\/')}$`),
        replacement: resolve(folder, source),
      },
    ];
  });
});

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    projects: [
      ...workspaceFolders.map((folder) => ({
        extends: true,
        test: {
          name: basename(folder),
          root: folder,
          // `console/test`: the web console's browser tests (apps/server).
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'console/test/**/*.test.ts',
          ],
          // The offline provider synthesizes speech, music and video in
          // worker threads: on a busy 2-core machine one call can pass 5 s.
          ...(basename(folder) === 'providers-local'
            ? { testTimeout: 20_000 }
            : {}),
        },
      })),
      {
        extends: true,
        test: {
          name: 'scripts',
          root: join(ROOT, 'scripts'),
          include: ['**/*.test.mjs'],
        },
      },
    ],
    typecheck: { enabled: false },
  },
});
