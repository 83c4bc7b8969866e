import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base';

// The render worker is its own entry: worker threads load it by file name
// (dist/render-worker.js, beside dist/index.js).
export default defineConfig({
  ...packageBuild,
  entry: [...packageBuild.entry, 'src/render-worker.ts'],
});
