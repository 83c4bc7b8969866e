import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import { createApp } from './app';
import { createLogger } from './logger';

const PAGE = 'http://127.0.0.1:5173';
const ROUTES = `
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`;
const GENERATE_BODY = JSON.stringify({ type: 'text', prompt: 'hi' });

/** A browser's preflight for a POST carrying `authorization` and `content-type`. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

/** POSTs a text `generate` call as a page on `origin` would. */
function generateFrom(harness: TestServer, origin: string): Promise<Response> {
  return fetch(`${harness.server.url}/trpc/generate`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: GENERATE_BODY,
  });
}

function allowedOrigin(response: Response): string | null {
  return response.headers.get('access-control-allow-origin');
}

/** Reads a server-sent-event body until `text` shows up, then stops reading. */
async function readUntil(response: Response, text: string): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let received = '';
  while (!received.includes(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    received += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return received;
}

describe('CORS', () => {
  describe('with origins configured, auth off', () => {
    let harness: TestServer;

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`
cors: { origins: ["${PAGE}", "https://*.example.com"] }
http: { maxBodyBytes: 1024 }
${ROUTES}`),
      });
    });
    afterAll(() => harness.close());

    it('should let an allowed origin read a tRPC call, exposing x-request-id', async () => {
      const response = await generateFrom(harness, PAGE);
      expect(response.status).toBe(200);
      expect(allowedOrigin(response)).toBe(PAGE);
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
      expect(response.headers.get('access-control-expose-headers')).toContain(
        'x-request-id',
      );
      expect(response.headers.get('access-control-allow-credentials')).toBe(
        null,
      );
    });

    it('should let an allowed origin call /v1 with the official SDKs’ headers and read the x-switchyard-* headers', async () => {
      const allowed = await fetch(`${harness.server.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin: PAGE,
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'authorization,content-type,x-stainless-os,x-stainless-retry-count,x-api-key,anthropic-version',
        },
      });
      expect(allowed.status).toBe(204);
      const allowedHeaders =
        allowed.headers.get('access-control-allow-headers') ?? '';
      for (const header of [
        'x-stainless-os',
        'x-api-key',
        'anthropic-version',
      ]) {
        expect(allowedHeaders).toContain(header);
      }
      const response = await fetch(
        `${harness.server.url}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { origin: PAGE, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'route:text',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        },
      );
      expect(response.status).toBe(200);
      expect(allowedOrigin(response)).toBe(PAGE);
      const exposed =
        response.headers.get('access-control-expose-headers') ?? '';
      for (const header of [
        'x-switchyard-provider',
        'x-switchyard-fallback',
        'x-switchyard-attempts',
        'x-switchyard-cost',
      ]) {
        expect(exposed).toContain(header);
      }
    });

    it('should let an allowed origin read a generateStream subscription (SSE over GET)', async () => {
      const input = encodeURIComponent(GENERATE_BODY);
      const response = await fetch(
        `${harness.server.url}/trpc/generateStream?input=${input}`,
        { headers: { origin: PAGE, accept: 'text/event-stream' } },
      );
      expect(response.headers.get('content-type')).toContain(
        'text/event-stream',
      );
      expect(allowedOrigin(response)).toBe(PAGE);
      expect(await readUntil(response, '"type":"end"')).toContain(
        '"type":"end"',
      );
    });

    it('should let an allowed origin read a 413 for a body over http.maxBodyBytes', async () => {
      const response = await fetch(`${harness.server.url}/trpc/generate`, {
        method: 'POST',
        headers: { origin: PAGE, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'text', prompt: 'x'.repeat(2_000) }),
      });
      expect(response.status).toBe(413);
      expect(allowedOrigin(response)).toBe(PAGE);
    });

    it('should let an allowed origin read a 404, and /healthz', async () => {
      const missing = await fetch(`${harness.server.url}/nowhere`, {
        headers: { origin: PAGE },
      });
      expect(missing.status).toBe(404);
      expect(allowedOrigin(missing)).toBe(PAGE);
      const health = await fetch(`${harness.server.url}/healthz`, {
        headers: { origin: PAGE },
      });
      expect(allowedOrigin(health)).toBe(PAGE);
    });

    it('should let an allowed origin read the 500 of an unexpected error', async () => {
      const app = createApp({
        gateway: harness.server.gateway,
        store: harness.store,
        logger: createLogger({ level: 'silent' }),
        authRequired: false,
        cors: { origins: [PAGE] },
      });
      app.get('/broken', () => {
        throw new Error('a bug');
      });
      const response = await app.request('/broken', {
        headers: { origin: PAGE },
      });
      expect(response.status).toBe(500);
      expect(allowedOrigin(response)).toBe(PAGE);
    });

    it('should answer a preflight with 204, the allowed methods and headers, and the default max-age', async () => {
      const response = await preflight(
        `${harness.server.url}/trpc/generate`,
        PAGE,
      );
      expect(response.status).toBe(204);
      expect(allowedOrigin(response)).toBe(PAGE);
      const methods = response.headers.get('access-control-allow-methods');
      expect(methods?.split(',')).toEqual(['GET', 'POST', 'OPTIONS']);
      const headers = response.headers.get('access-control-allow-headers');
      expect(headers?.split(',')).toEqual(
        expect.arrayContaining([
          'authorization',
          'content-type',
          'last-event-id',
          'trpc-accept',
        ]),
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
    });

    it('should give a disallowed origin no CORS headers, on a call or a preflight', async () => {
      const call = await generateFrom(harness, 'https://evil.test');
      expect(call.status).toBe(200);
      expect(allowedOrigin(call)).toBe(null);
      expect(call.headers.get('access-control-expose-headers')).toBe(null);
      expect(call.headers.get('vary')).toMatch(/\bOrigin\b/);
      const answer = await preflight(
        `${harness.server.url}/trpc/generate`,
        'https://evil.test',
      );
      expect(answer.status).toBe(204);
      expect(allowedOrigin(answer)).toBe(null);
      expect(answer.headers.get('access-control-allow-methods')).toBe(null);
      expect(answer.headers.get('access-control-allow-headers')).toBe(null);
    });

    it.each([
      ['https://app.example.com', true],
      ['https://a.b.example.com', true],
      ['https://example.com', false],
      ['https://evil-example.com', false],
      ['https://example.com.evil.com', false],
      ['https://app.example.com.evil.com', false],
      ['http://app.example.com', false],
      ['https://app.example.com:8443', false],
      ['http://127.0.0.1:5174', false],
      ['https://app.example.com/', false],
      ['null', false],
    ])(
      'should match %s against the configured origins: %s',
      async (origin, allowed) => {
        const response = await generateFrom(harness, origin);
        expect(allowedOrigin(response)).toBe(allowed ? origin : null);
      },
    );
  });

  describe('with credentials, auth required', () => {
    let harness: TestServer;

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`
cors: { origins: ["${PAGE}"], credentials: true, maxAgeSeconds: 7200 }
auth: { required: true }
${ROUTES}`),
      });
    });
    afterAll(() => harness.close());

    it('should let an allowed origin read a 401, with credentials allowed', async () => {
      const response = await generateFrom(harness, PAGE);
      expect(response.status).toBe(401);
      expect(allowedOrigin(response)).toBe(PAGE);
      expect(response.headers.get('access-control-allow-credentials')).toBe(
        'true',
      );
    });

    it('should answer a preflight with 204 before auth sees it, with credentials and the configured max-age', async () => {
      const response = await preflight(
        `${harness.server.url}/trpc/generate`,
        PAGE,
      );
      expect(response.status).toBe(204);
      expect(allowedOrigin(response)).toBe(PAGE);
      expect(response.headers.get('access-control-allow-credentials')).toBe(
        'true',
      );
      expect(response.headers.get('access-control-max-age')).toBe('7200');
    });
  });

  describe('with the origin "*"', () => {
    let harness: TestServer;

    beforeAll(async () => {
      harness = await startTestServer({
        config: configFromYaml(`cors: { origins: ["*"] }\n${ROUTES}`),
      });
    });
    afterAll(() => harness.close());

    it('should let any origin read a call, its own origin echoed', async () => {
      const response = await generateFrom(harness, 'https://anyone.test');
      expect(allowedOrigin(response)).toBe('https://anyone.test');
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    });
  });

  describe('without cors in the config', () => {
    let harness: TestServer;

    beforeAll(async () => {
      harness = await startTestServer({ config: configFromYaml(ROUTES) });
    });
    afterAll(() => harness.close());

    it('should send no CORS headers, not even to a preflight', async () => {
      const call = await generateFrom(harness, PAGE);
      expect(call.status).toBe(200);
      expect(allowedOrigin(call)).toBe(null);
      const answer = await preflight(
        `${harness.server.url}/trpc/generate`,
        PAGE,
      );
      expect(allowedOrigin(answer)).toBe(null);
      expect(answer.headers.get('access-control-allow-methods')).toBe(null);
      expect(answer.headers.get('access-control-allow-headers')).toBe(null);
    });
  });
});
