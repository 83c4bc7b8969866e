import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base';
import { generateRouterTypes } from './scripts/router-types/generate-router-types';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // This package's tsconfig.build.json points `@switchyard/server` at the
  // router types the hook below writes, so dist/index.d.ts inlines them and
  // imports only `@trpc/*`.
  ...packageBuild,
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
