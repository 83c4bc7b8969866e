import type { UserConfig } from 'tsdown';

/**
 * Build settings every package shares: ESM for Node 20, `dist/index.js` with a
 * bundled `dist/index.d.ts`, built against the package's tsconfig.build.json
 * (which resolves workspace packages to their published `dist`, not `src`).
 */
export const packageBuild = {
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  tsconfig: 'tsconfig.build.json',
  fixedExtension: false,
} satisfies UserConfig;
