import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the page with the app's vite config into a temporary folder of its
 * own (test files build at the same time in parallel workers), unminified to
 * keep it fast. `remove` deletes the folder.
 */
export async function buildPage(): Promise<{
  directory: string;
  remove(): Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'example-web-page-'));
  await build({
    configFile: join(APP_ROOT, 'vite.config.ts'),
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
