import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installPackedSdk,
  REACT_APP_DEPENDENCIES,
  REACT_TYPES_VERSION,
  run,
  startBuiltServer,
  typeCheck,
  TYPESCRIPT_VERSION,
  type BuiltServer,
} from './packed-sdk';

/** Lists `node_modules/<scope>` below `directory`, or nothing. */
async function packagesIn(directory: string, scope: string) {
  return readdir(join(directory, 'node_modules', scope)).catch(() => []);
}

describe('a React app in another repo on @switchyard/sdk/react', () => {
  let directory: string;
  let server: BuiltServer | undefined;

  beforeAll(async () => {
    directory = await installPackedSdk({
      template: 'consumer-react',
      dependencies: REACT_APP_DEPENDENCIES,
      devDependencies: {
        typescript: TYPESCRIPT_VERSION,
        '@types/react': REACT_TYPES_VERSION,
      },
    });
    server = await startBuiltServer(directory);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('should install one copy of @trpc/client and @trpc/server, shared by the SDK and tRPC’s React integration', async () => {
    expect(await packagesIn(directory, '@trpc')).toEqual([
      'client',
      'server',
      'tanstack-react-query',
    ]);
    const nested = join(directory, 'node_modules/@switchyard/sdk');
    expect(await packagesIn(nested, '@trpc')).toEqual([]);
  });

  it('should type-check: the provider takes the SDK’s client, useMutation’s data narrows', async () => {
    expect(await typeCheck(directory)).toBe('');
  }, 120_000);

  it('should prerender the app against a running gateway', async () => {
    const script = `Promise.all([import('./dist/app.js'), import('react'), import('react-dom/static')])
      .then(async ([app, react, dom]) => {
        const { prelude } = await dom.prerenderToNodeStream(
          react.createElement(app.App, { url: process.argv[1] }),
        );
        let html = '';
        for await (const chunk of prelude) html += chunk;
        process.stdout.write(html);
      });`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, server?.url ?? ''],
      { cwd: directory },
    );
    expect(stdout).toMatch(/^<ul>(<li>[\w-]+<\/li>)+<\/ul>$/);
    expect(stdout).toContain('<li>local</li>');
  }, 60_000);
});
