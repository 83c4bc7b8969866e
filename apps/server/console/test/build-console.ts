import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONSOLE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the console with its own vite config into a temporary folder (test
 * files build at the same time in parallel workers, and a build never
 * touches the package's `dist`), unminified to keep it fast. `remove`
 * deletes the folder.
 */
export async function buildConsole(): Promise<{
  directory: string;
  remove(): Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-console-'));
  await build({
    configFile: join(CONSOLE_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    // Vitest sets NODE_ENV=test, which would otherwise give React's development build.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir: directory, emptyOutDir: true, minify: false },
  });
  return {
    directory,
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
