import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../scripts/browser-bundle';
import { startGateway } from './start-gateway';

/**
 * Upper bounds, well above today's sizes (see `pnpm --filter @switchyard/sdk
 * bundle-size`): crossing one means something large got into the bundle.
 */
const GZIP_BUDGET = { main: 24 * 1024, react: 30 * 1024 };

/** What a browser page has, and nothing that only Node has (`process`, `Buffer`, `require`). */
function browserGlobals(origin: string): Record<string, unknown> {
  const names = [
    'fetch',
    'Headers',
    'Request',
    'Response',
    'FormData',
    'Blob',
    'File',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'ReadableStream',
    'Event',
    'EventTarget',
    'MessageEvent',
    'DOMException',
    'setTimeout',
    'clearTimeout',
    'queueMicrotask',
  ] as const;
  const globals: Record<string, unknown> = Object.fromEntries(
    names.map((name) => [name, globalThis[name]]),
  );
  globals.location = { origin };
  // No token (the gateway runs without auth, and would refuse an unknown one).
  globals.sessionStorage = { getItem: () => null };
  return globals;
}

/** The built SDK, bundled for the browser by esbuild as a frontend app would. */
describe('the SDK in a browser bundle', () => {
  for (const entry of ['main', 'react'] as const) {
    it(`should bundle the ${entry} entry for the browser with no node: import and no polyfill`, async ({
      annotate,
    }) => {
      // esbuild rejects a Node built-in (`node:crypto`, `stream`, …) on
      // `platform: 'browser'`: bundling itself is the first check.
      const bundle = await bundleForBrowser(entry);
      expect(
        bundle.inputs.filter((input) => input.startsWith('node:')),
      ).toEqual([]);
      expect(bundle.code).not.toMatch(/["']node:/);
      expect(bundle.inputs).toContain(
        entry === 'main' ? 'dist/index.js' : 'dist/react.js',
      );
      expect(bundle.imports).toEqual(
        entry === 'main' ? [] : ['@tanstack/react-query', 'react'],
      );
      expect(bundle.gzipBytes).toBeLessThan(GZIP_BUDGET[entry]);
      await annotate(
        `${entry}: ${bundle.minBytes} bytes minified, ${bundle.gzipBytes} gzipped`,
      );
    });
  }

  describe('run with browser globals only', () => {
    let gateway: Awaited<ReturnType<typeof startGateway>>;

    beforeAll(async () => {
      gateway = await startGateway(`
auth: { required: false }
store: { url: "sqlite::memory:" }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`);
    });
    afterAll(() => gateway.close());

    it('should call the gateway and stream from it, with no Node global', async () => {
      const bundle = await bundleForBrowser('main', {
        format: 'iife',
        globalName: 'app',
      });
      const run = `${bundle.code}
(async () => {
  const providers = await app.client.providers.list.query();
  const events = await new Promise((resolve, reject) => {
    const seen = [];
    app.client.generateStream.subscribe({ type: 'text', prompt: 'in a browser' }, {
      onData: ({ data }) => seen.push(data.type === 'text-delta' ? data.text : data.type),
      onComplete: () => resolve(seen),
      onError: reject,
    });
  });
  return { names: providers.map((listing) => listing.name), events };
})()`;
      const result = (await runInNewContext(
        run,
        browserGlobals(gateway.server.url),
      )) as { names: string[]; events: string[] };
      expect(result.names).toEqual(['local']);
      expect(result.events[0]).toBe('attempt-start');
      expect(result.events.at(-1)).toBe('end');
      expect(result.events.slice(1, -1).join('')).toBe('echo: in a browser');
    });
  });
});
