import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { DEFAULT_CONSOLE_DIR } from '../server';

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the console");';

const CONFIG = `
providers: { local: {} }
routes: { image: { targets: ["local:procedural"] } }
`;

/** A folder laid out like the console's build: index.html and hashed assets. */
async function fakeBuild(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-console-build-'));
  await mkdir(join(directory, 'assets'));
  await writeFile(join(directory, 'index.html'), INDEX_HTML);
  await writeFile(join(directory, 'assets', 'index-abc123.js'), SCRIPT);
  return directory;
}

describe('the web console at /', { timeout: 30_000 }, () => {
  let build: string;
  let harness: TestServer;
  const get = (path: string, init?: RequestInit) =>
    fetch(`${harness.server.url}${path}`, init);

  beforeAll(async () => {
    build = await fakeBuild();
    harness = await startTestServer({
      config: configFromYaml(CONFIG),
      consoleDir: build,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(build, { recursive: true, force: true });
  });

  it("should serve index.html at / and at every console page, never cached, with the console's CSP", async () => {
    for (const path of [
      '/',
      '/playground',
      '/keys',
      '/jobs/job_123',
      '/generations/a/b',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(INDEX_HTML);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' data: blob:",
        'media-src': "'self' data: blob:",
        'connect-src': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('should serve hashed assets cached for good, and 404 a missing one', async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SCRIPT);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/assets/index-zzz.js')).status).toBe(404);
    expect((await get('/assets/%2e%2e/index.html')).status).toBe(404);
  });

  it("should leave every other path to the API: the console's page never answers for them", async () => {
    const paths = [
      '/trpc/providers.list',
      '/api/anything',
      '/v1/models',
      '/metrics',
      '/healthz',
      '/readyz',
      '/artifacts/abc',
      '/openapi.json',
      '/docs',
      '/no-such-page',
      '/playgroundx',
    ];
    for (const path of paths) {
      const response = await get(path, { headers: { accept: 'text/html' } });
      expect(await response.text(), path).not.toBe(INDEX_HTML);
    }
    expect((await get('/no-such-page')).status).toBe(404);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/trpc/providers.list')).status).toBe(200);
  });
});

describe('the web console turned off or not built', { timeout: 30_000 }, () => {
  it('should not be served with console.enabled false', async () => {
    const build = await fakeBuild();
    const harness = await startTestServer({
      config: configFromYaml(`console: { enabled: false }\n${CONFIG}`),
      consoleDir: build,
    });
    try {
      expect((await fetch(`${harness.server.url}/`)).status).toBe(404);
      expect(
        (await fetch(`${harness.server.url}/assets/index-abc123.js`)).status,
      ).toBe(404);
    } finally {
      await harness.close();
      await rm(build, { recursive: true, force: true });
    }
  });

  it('should not be served with consoleDir false', async () => {
    const harness = await startTestServer({
      config: configFromYaml(CONFIG),
      consoleDir: false,
    });
    try {
      expect((await fetch(`${harness.server.url}/playground`)).status).toBe(
        404,
      );
    } finally {
      await harness.close();
    }
  });

  it('should say how to build the console when its folder holds no build', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'switchyard-console-none-'));
    const harness = await startTestServer({
      config: configFromYaml(CONFIG),
      consoleDir: empty,
    });
    try {
      const response = await fetch(`${harness.server.url}/`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain(
        'pnpm --filter @switchyard/server build',
      );
    } finally {
      await harness.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("should look for the build in the server package's dist/console by default", () => {
    expect(DEFAULT_CONSOLE_DIR).toMatch(/apps\/server\/dist\/console\/$/);
  });
});
