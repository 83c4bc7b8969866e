import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** The SDK's folder: entries resolve `@switchyard/sdk` from here, to its dist. */
export const SDK_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** A small browser app per subpath, as a frontend team would write it. */
export const BROWSER_ENTRIES = {
  main: {
    source: `
import { createSwitchyardClient, isSwitchyardError } from '@switchyard/sdk';
export const client = createSwitchyardClient({
  url: location.origin,
  headers: () => {
    const token = sessionStorage.getItem('token');
    return token === null ? {} : { authorization: 'Bearer ' + token };
  },
});
export { isSwitchyardError };
`,
    external: [],
  },
  react: {
    source: `
import { createSwitchyardClient, createSwitchyardReact } from '@switchyard/sdk/react';
export const { SwitchyardProvider, useSwitchyard } = createSwitchyardReact();
export const client = createSwitchyardClient({ url: location.origin });
`,
    // What a React app already has, and shares with the SDK.
    external: ['react', 'react-dom', '@tanstack/react-query'],
  },
} as const;

/** One entry, bundled and minified for the browser. */
export interface BrowserBundle {
  entry: keyof typeof BROWSER_ENTRIES;
  code: string;
  /** Minified size in bytes. */
  minBytes: number;
  /** Minified, then gzipped, size in bytes. */
  gzipBytes: number;
  /** Every module bundled (paths relative to the SDK's folder). */
  inputs: string[];
  /** The imports left in the bundle: only the entry's externals. */
  imports: string[];
}

/**
 * Bundles one entry with esbuild for the browser (`platform: 'browser'`, no
 * polyfills, nothing external but the entry's React peers) against the built
 * `dist`. Rejects when a module cannot be resolved for the browser, as a
 * `node:` import or a Node built-in that would need a polyfill cannot.
 * `format: 'iife'` with a `globalName` gives a script that puts the entry's
 * exports on that global instead.
 */
export async function bundleForBrowser(
  entry: keyof typeof BROWSER_ENTRIES,
  options: { format?: 'esm' | 'iife'; globalName?: string } = {},
): Promise<BrowserBundle> {
  if (!existsSync(`${SDK_DIRECTORY}dist/index.js`)) {
    throw new Error(
      `${SDK_DIRECTORY}dist is missing: build the SDK first (pnpm --filter @switchyard/sdk build).`,
    );
  }
  const { source, external } = BROWSER_ENTRIES[entry];
  const outfile = `${entry}.js`;
  const result = await build({
    stdin: {
      contents: source,
      resolveDir: SDK_DIRECTORY,
      sourcefile: `${entry}-entry.js`,
    },
    absWorkingDir: SDK_DIRECTORY,
    bundle: true,
    platform: 'browser',
    format: options.format ?? 'esm',
    ...(options.globalName === undefined
      ? {}
      : { globalName: options.globalName }),
    minify: true,
    write: false,
    metafile: true,
    external: [...external],
    outfile,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return {
    entry,
    code,
    minBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs),
    imports: importsOf(result.metafile, outfile),
  };
}

function importsOf(metafile: Metafile, outfile: string): string[] {
  const output = metafile.outputs[outfile];
  return [...new Set(output?.imports.map((found) => found.path))].sort();
}
