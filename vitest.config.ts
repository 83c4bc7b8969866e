import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceFolders = ['packages', 'apps'].flatMap((parent) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
    .filter((folder) => existsSync(join(folder, 'package.json'))),
);

// Every @switchyard/* package resolves to its source, so `vitest` needs no build.
const sourceAliases = workspaceFolders
  .map((folder) => {
    const manifest = JSON.parse(
      readFileSync(join(folder, 'package.json'), 'utf8'),
    ) as { name: string };
    return {
      find: new RegExp(`^${manifest.name.replace('/', '\\/')}$`),
      replacement: resolve(folder, 'src/index.ts'),
    };
  })
  .filter((alias) => existsSync(alias.replacement));

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    projects: workspaceFolders.map((folder) => ({
      extends: true,
      test: {
        name: folder.split('/')[1],
        root: folder,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
    typecheck: { enabled: false },
  },
});
