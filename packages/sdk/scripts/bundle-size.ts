// Prints what each browser entry of the built SDK weighs, minified and
// gzipped: `pnpm --filter @switchyard/sdk bundle-size` (it builds first).
import { BROWSER_ENTRIES, bundleForBrowser } from './browser-bundle';

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const rows = [];
for (const entry of Object.keys(BROWSER_ENTRIES) as Array<
  keyof typeof BROWSER_ENTRIES
>) {
  const bundle = await bundleForBrowser(entry);
  rows.push({
    entry: entry === 'main' ? '@switchyard/sdk' : `@switchyard/sdk/${entry}`,
    min: kilobytes(bundle.minBytes),
    gzip: kilobytes(bundle.gzipBytes),
    external: BROWSER_ENTRIES[entry].external.join(', ') || 'none',
  });
}
const header = { entry: 'entry', min: 'min', gzip: 'min+gzip', external: '' };
process.stdout.write(
  `${[header, ...rows]
    .map((row) =>
      [
        row.entry.padEnd(22),
        row.min.padStart(10),
        row.gzip.padStart(10),
        row.external && `  external: ${row.external}`,
      ].join(''),
    )
    .join('\n')}\n`,
);
