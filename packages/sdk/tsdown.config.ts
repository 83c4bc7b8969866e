import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';
import { generateRouterTypes } from './scripts/router-types/generate-router-types';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // tsconfig.build.json points `@switchyard/server` at the router types the
  // hook below writes, so dist/index.d.ts inlines them and imports only
  // `@trpc/*`.
  dts: true,
  sourcemap: true,
  tsconfig: 'tsconfig.build.json',
  fixedExtension: false,
  // Bundle nothing from node_modules, into the JS or the d.ts: an error
  // names any dependency that would be.
  deps: { onlyBundle: [] },
  hooks: {
    'build:prepare': () => {
      generateRouterTypes({
        packageDir,
        outFile: `${packageDir}.generated/app-router.d.ts`,
      });
    },
  },
});
