import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@switchyard/server';

/**
 * The server package's version, read from its package.json: the nearest one
 * above this module named `@switchyard/server` (the same whether this runs
 * from `src/cli/` or bundled into `dist/`).
 */
export function serverVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level += 1) {
    const manifest = readManifest(join(directory, 'package.json'));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string')
      return manifest.version;
    directory = dirname(directory);
  }
  return 'unknown';
}

function readManifest(
  file: string,
): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
  } catch {
    return undefined;
  }
}
