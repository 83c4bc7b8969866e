import type { EngineEvent } from '@switchyard/core';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import type { AppRouter } from '../router';

const PNG_SIGNATURE = '89504e470d0a1a0a';

/** Resolves with the first engine event that matches. */
function nextEvent(
  harness: TestServer,
  matches: (event: EngineEvent) => boolean,
): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const unsubscribe = harness.server.gateway.onEvent((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

describe('REST at /api', { timeout: 30_000 }, () => {
  let harness: TestServer;
  let key: string;
  const call = (
    path: string,
    init: { method?: string; body?: unknown; key?: string | null } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.key !== null) headers.authorization = `Bearer ${init.key ?? key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${harness.server.url}/api${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  };

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  local: {}
  slow: { use: local, faults: { rate: 0, latencyMs: 60000 } }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
  slow: { type: text, targets: ["slow:echo"], retry: { maxAttempts: 1 } }
`),
    });
    ({ key } = await harness.store.apiKeys.create({
      name: 'rest',
      credits: 1_000_000,
    }));
  });
  afterAll(() => harness.close());

  it('should answer POST /api/generate with a key with an image', async () => {
    const response = await call('/generate', {
      body: { type: 'image', prompt: 'a fox', width: 64, height: 64 },
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      type: string;
      provider: string;
      images: Array<{ base64: string; width: number }>;
    };
    expect(result).toMatchObject({ type: 'image', provider: 'local' });
    const png = Buffer.from(result.images[0]?.base64 ?? '', 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  });

  it('should serve queries as GET with query parameters, "false" read as false', async () => {
    const list = await call('/providers/list');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([
      expect.objectContaining({ name: 'local' }),
      expect.objectContaining({ name: 'slow' }),
    ]);

    const brief = (await (
      await call('/providers/health?provider=local&detailed=false')
    ).json()) as { targets: Array<Record<string, unknown>> };
    expect(brief.targets.length).toBeGreaterThan(0);
    expect(brief.targets.every((target) => target.instance === 'local')).toBe(
      true,
    );
    expect(brief.targets[0]).not.toHaveProperty('uptime');
    const detailed = (await (
      await call('/providers/health?detailed=true')
    ).json()) as { targets: Array<Record<string, unknown>> };
    expect(detailed.targets[0]).toHaveProperty('uptime');
  });

  it('should leave the tRPC input schemas strict after REST calls', async () => {
    await call('/providers/health?detailed=false');
    const response = await fetch(
      `${harness.server.url}/trpc/providers.health?input=${encodeURIComponent(JSON.stringify({ detailed: 'false' }))}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(response.status).toBe(400);
  });

  it('should take union inputs as a JSON body: jobs.submit, then jobs.get by query', async () => {
    const submitted = await call('/jobs/submit', {
      body: { type: 'text', prompt: 'hello' },
    });
    expect(submitted.status).toBe(200);
    const job = (await submitted.json()) as { id: string };
    const fetched = await call(`/jobs/get?id=${encodeURIComponent(job.id)}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ id: job.id });

    const explained = await call('/routes/explain', {
      body: { type: 'text', prompt: 'hello' },
    });
    expect(explained.status).toBe(200);
    expect(await explained.json()).toMatchObject({ route: 'text' });
  });

  it('should check the key as /trpc does, answering errors as { message, code, data }', async () => {
    const anonymous = await call('/providers/list', { key: null });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('Authorization: Bearer'),
      data: { code: 'auth', httpStatus: 401 },
    });

    const invalid = await call('/generate', { body: { type: 'image' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'BAD_REQUEST',
      data: {
        code: 'invalid_request',
        issues: [expect.objectContaining({ path: 'prompt' })],
      },
    });
  });

  it('should cancel the call when the client goes away', async () => {
    const started = nextEvent(
      harness,
      (event) => event.type === 'attempt-start' && event.route === 'slow',
    );
    const ended = nextEvent(
      harness,
      (event) => event.type === 'attempt-end' && event.route === 'slow',
    );
    const controller = new AbortController();
    const response = fetch(`${harness.server.url}/api/generate`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ type: 'text', prompt: 'hi', route: 'slow' }),
      signal: controller.signal,
    });
    await started;
    controller.abort();
    await expect(response).rejects.toThrow();
    expect(await ended).toMatchObject({ outcome: 'error', code: 'cancelled' });
  });
});

describe('a body that is not JSON', { timeout: 30_000 }, () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer();
  });
  afterAll(() => harness.close());

  it("should be refused with 415 on /trpc and /api, naming curl's fix", async () => {
    for (const path of ['/trpc/generate', '/api/generate']) {
      // What `curl -d '{"type":"text",…}'` sends.
      const response = await fetch(`${harness.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ type: 'text', prompt: 'hi' }),
      });
      expect(response.status, path).toBe(415);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain("-H 'content-type: application/json'");
    }
  });

  it('should not stop the tRPC client, which sends JSON', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${harness.server.url}/trpc` })],
    });
    await expect(
      client.generate.mutate({ type: 'text', prompt: 'hi' }),
    ).resolves.toMatchObject({ type: 'text' });
  });
});
