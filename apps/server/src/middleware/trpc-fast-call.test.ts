import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

/**
 * An unbatched mutation (`POST /trpc/<path>`, what the SDK sends) is served
 * by the fast path; the same call inside a one-call batch (`?batch=1`) goes
 * through tRPC's own HTTP handler. Both must answer alike: status, body
 * shape, error codes and messages.
 */
describe('the fast path for unbatched tRPC mutations', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
  });
  afterAll(() => harness.close());

  /** The unbatched answer and the one-call batch's answer to the same input. */
  async function bothWays(
    path: string,
    input: unknown,
    headers: Record<string, string> = {},
  ): Promise<{
    fast: { status: number; body: unknown };
    batched: { status: number; body: unknown };
  }> {
    const post = async (url: string, body: unknown) => {
      const response = await fetch(`${harness.server.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const fast = await post(`/trpc/${path}`, input);
    const batched = await post(`/trpc/${path}?batch=1`, { 0: input });
    return {
      fast,
      batched: {
        status: batched.status,
        body: (batched.body as unknown[])[0],
      },
    };
  }

  it('should answer a call with a key like tRPC: the result under result.data', async () => {
    const { key } = await harness.store.apiKeys.create({
      name: 'fast',
      credits: 1_000_000,
    });
    const { fast, batched } = await bothWays(
      'generate',
      { type: 'text', prompt: 'same answer' },
      { authorization: `Bearer ${key}` },
    );
    expect(fast.status).toBe(200);
    expect(batched.status).toBe(200);
    const without = (body: unknown) => {
      const {
        id: _id,
        attempts: _attempts,
        latencyMs: _latencyMs,
        ...rest
      } = (body as { result: { data: Record<string, unknown> } }).result.data;
      return rest;
    };
    expect(without(fast.body)).toEqual(without(batched.body));
    expect(without(fast.body)).toMatchObject({
      type: 'text',
      provider: 'local',
    });
  });

  it.each([
    ['an invalid input', { type: 'text' }, {}],
    ['an unknown route', { type: 'text', prompt: 'x', route: 'nope' }, {}],
    ['no key', { type: 'text', prompt: 'x' }, {}],
    [
      'a wrong key',
      { type: 'text', prompt: 'x' },
      { authorization: 'Bearer sk-not-a-key' },
    ],
  ])(
    'should refuse %s with the same status and error as tRPC',
    async (_name, input, headers) => {
      const { fast, batched } = await bothWays('generate', input, headers);
      expect(fast.status).toBeGreaterThanOrEqual(400);
      expect(fast).toEqual(batched);
    },
  );

  it('should answer with the request id, its own or a new one, once', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${harness.server.url}/trpc/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ type: 'text', prompt: 'x' }),
      });
    const sent = await post({ 'x-request-id': 'req-fast-1' });
    expect(sent.headers.get('x-request-id')).toBe('req-fast-1');
    const made = await post({});
    expect(made.headers.get('x-request-id')).toMatch(/^[\w.:-]{8,}$/);
  });

  it('should leave a body that is not JSON to tRPC, which answers a parse error', async () => {
    const { key } = await harness.store.apiKeys.create({
      name: 'parse',
      credits: 1_000,
    });
    const response = await fetch(`${harness.server.url}/trpc/generate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
      },
      body: '{"type": "text",',
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { data: { trpcCode: string; path: string } };
    };
    expect(error.data).toMatchObject({
      trpcCode: 'BAD_REQUEST',
      path: 'generate',
    });
  });
});
