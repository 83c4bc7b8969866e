import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base';

// The media worker is its own entry: worker threads load it by file name
// (dist/media-worker.js, beside dist/index.js).
export default defineConfig({
  ...packageBuild,
  entry: [...packageBuild.entry, 'src/media-worker.ts'],
});
