import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base';
import { generateRouterTypes } from './scripts/router-types/generate-router-types';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // This package's tsconfig.build.json points `@switchyard/server` at the
  // router types the hook below writes, so the d.ts files inline them and
  // import only `@trpc/*` (and, for `react`, `@tanstack/*` and `react`).
  ...packageBuild,
  // One entry per subpath export; a browser imports the first and the third.
  entry: ['src/index.ts', 'src/server.ts', 'src/react.ts'],
  // Runs in browsers as well as Node: no Node shims in the output.
  platform: 'neutral',
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
