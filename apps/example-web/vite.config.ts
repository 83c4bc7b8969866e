import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The page's build. `@switchyard/*` packages resolve to their source (the
 * `@switchyard/source` export condition), so nothing needs building first;
 * JSX goes through esbuild's automatic runtime (no React plugin: the page has
 * no dev server to hot-reload).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    conditions: ['@switchyard/source', ...defaultClientConditions],
  },
  esbuild: { jsx: 'automatic', jsxDev: false },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      // zod's comments about its own tree-shaking are not annotations Rollup reads.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
