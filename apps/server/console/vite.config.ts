import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const source = (path: string) =>
  fileURLToPath(new URL(`../../../packages/${path}`, import.meta.url));

/**
 * The web console's build, into the server package's `dist/console` (the
 * server serves it at `/`). The server package cannot depend on the SDK
 * (the SDK is built from the server's types), so `@switchyard/sdk` is an
 * alias to its source, as the workspace's vitest config does; other
 * `@switchyard/*` packages resolve to their source through the
 * `@switchyard/source` condition. JSX goes through esbuild's automatic
 * runtime: the console has no dev server to hot-reload.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  resolve: {
    alias: [
      { find: /^@switchyard\/sdk$/, replacement: source('sdk/src/index.ts') },
      {
        find: /^@switchyard\/sdk\/react$/,
        replacement: source('sdk/src/react.ts'),
      },
    ],
    conditions: ['@switchyard/source', ...defaultClientConditions],
    dedupe: ['react', 'react-dom', '@tanstack/react-query'],
  },
  esbuild: { jsx: 'automatic', jsxDev: false },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // Scripts and styles as files: the console's CSP allows no inline ones.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // zod's comments about its own tree-shaking are not annotations Rollup
      // reads, and TanStack Query's "use client" is for server components.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
