import type { ApiKeyLimits, SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import type { AppRouter } from './router';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function clientFor(harness: TestServer, key: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${harness.server.url}/trpc`,
        headers: { authorization: `Bearer ${key}` },
      }),
    ],
  });
}

const CONFIG = `
auth: { required: true }
providers:
  local: {}
  spare: { use: local }
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["spare:procedural", "local:procedural"], retry: { maxAttempts: 1 } }
`;

describe('per-key limits', () => {
  let harness: TestServer;
  const keyWith = async (limits: ApiKeyLimits) => {
    const { key } = await harness.store.apiKeys.create({
      name: 'limited',
      credits: 1_000,
      limits,
    });
    return clientFor(harness, key);
  };

  beforeAll(async () => {
    harness = await startTestServer({ config: configFromYaml(CONFIG) });
  });
  afterAll(() => harness.close());

  it('should answer TOO_MANY_REQUESTS with retryAfterMs past the per-minute limit', async () => {
    const client = await keyWith({ perMinute: 3 });
    for (let call = 0; call < 3; call += 1) {
      await client.generate.mutate({ type: 'text', prompt: 'hi' });
    }
    const error = await clientError(
      client.generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({ code: 'rate_limited', httpStatus: 429 });
    expect(error.data?.retryAfterMs).toBeGreaterThan(0);
    expect(error.data?.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('should refuse a route the key may not use with FORBIDDEN', async () => {
    const client = await keyWith({ routes: ['text'] });
    await client.generate.mutate({ type: 'text', prompt: 'hi' });
    const error = await clientError(
      client.generate.mutate({ type: 'image', prompt: 'a fox' }),
    );
    expect(error.data).toMatchObject({
      code: 'auth',
      trpcCode: 'FORBIDDEN',
      httpStatus: 403,
    });
    expect(error.message).toContain('may use: text');
  });

  it('should skip targets of providers the key may not reach, and refuse forcing one', async () => {
    const client = await keyWith({ providers: ['local'] });
    const result = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
      width: 16,
      height: 16,
    });
    expect(result.attempts).toEqual([
      expect.objectContaining({
        provider: 'spare',
        outcome: 'skipped',
        reason: 'not-allowed',
      }),
      expect.objectContaining({ provider: 'local', outcome: 'success' }),
    ]);
    const error = await clientError(
      client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        provider: 'spare',
      }),
    );
    expect(error.data?.trpcCode).toBe('FORBIDDEN');
  });
});

describe('per-key limits across two replicas sharing PostgreSQL and Redis', () => {
  const schema = testSchema('limits');
  const stores: SwitchyardStore[] = [];
  const replicas: TestServer[] = [];
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const store of stores) await store.close();
    await dropSchemas(schema);
  });

  it('should count one key’s calls on both replicas against one limit', async () => {
    for (let index = 0; index < 2; index += 1) {
      const store = await createSqlStore({ url: POSTGRES_URL, schema });
      stores.push(store);
      replicas.push(
        await startTestServer({
          store,
          config: configFromYaml(`redis: { url: "${REDIS_URL}" }\n${CONFIG}`),
        }),
      );
    }
    const owner = stores[0];
    if (owner === undefined) throw new Error('no store');
    const { key } = await owner.apiKeys.create({
      name: 'shared',
      credits: 1_000,
      limits: { perMinute: 4 },
    });
    const [first, second] = replicas.map((replica) => clientFor(replica, key));
    for (let call = 0; call < 2; call += 1) {
      await first?.generate.mutate({ type: 'text', prompt: 'hi' });
      await second?.generate.mutate({ type: 'text', prompt: 'hi' });
    }
    for (const client of [first, second]) {
      const refused = await clientError(
        client?.generate.mutate({ type: 'text', prompt: 'hi' }) ??
          Promise.resolve(),
      );
      expect(refused.data).toMatchObject({
        code: 'rate_limited',
        httpStatus: 429,
      });
    }
  });
});

describe('provider instance quotas', () => {
  let harness: TestServer;
  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  limited: { use: local, quota: { perMinute: 2 } }
  local: {}
routes:
  image: { targets: ["limited:procedural", "local:procedural"] }
`),
    });
  });
  afterAll(() => harness.close());

  it('should skip a target whose quota is spent, without calling it', async () => {
    const request = {
      type: 'image' as const,
      prompt: 'a fox',
      width: 16,
      height: 16,
    };
    for (let call = 0; call < 2; call += 1) {
      expect((await harness.client.generate.mutate(request)).provider).toBe(
        'limited',
      );
    }
    const third = await harness.client.generate.mutate(request);
    expect(third.attempts).toEqual([
      expect.objectContaining({
        provider: 'limited',
        outcome: 'skipped',
        reason: 'quota-spent',
      }),
      expect.objectContaining({ provider: 'local', outcome: 'success' }),
    ]);
  });
});
