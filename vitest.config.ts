import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceFolders = ['packages', 'apps'].flatMap((parent) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
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
          name: folder.split('/')[1],
          root: folder,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      })),
      {
        extends: true,
        test: { name: 'scripts', root: 'scripts', include: ['**/*.test.mjs'] },
      },
    ],
    typecheck: { enabled: false },
  },
});
