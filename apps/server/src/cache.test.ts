import { generateInputSchema } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './gateway/gateway';
import { createLogger } from './logger';
import {
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

describe('the result cache', () => {
  let harness: TestServer;
  const newKey = (credits: number) => createKeyedClient(harness, { credits });

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  answers: { use: ./priced-provider, price: 10 }
  slow: { use: ./priced-provider, price: 10, latencyMs: 150 }
  down: { use: ./priced-provider, price: 10, fail: true }
routes:
  text: { targets: ["answers:answer"] }
  cached:
    type: text
    targets: ["answers:answer"]
    cache: { ttlMs: 60000 }
  slow: { type: text, targets: ["slow:answer"], cache: { ttlMs: 60000 } }
  down:
    type: text
    targets: ["down:answer"]
    retry: { maxAttempts: 1 }
    cache: { ttlMs: 60000 }
`),
    });
  });
  afterAll(() => harness.close());

  it('should serve a repeat of a cached route’s request from the cache, free, marked cached', async () => {
    const { id, client } = await newKey(100);
    const first = await client.generate.mutate({
      type: 'text',
      prompt: 'the cached question',
      route: 'cached',
    });
    const again = await client.generate.mutate({
      route: 'cached',
      prompt: 'the cached question',
      type: 'text',
    });
    expect(first).toMatchObject({ cached: false, cost: { microCredits: 10 } });
    expect(again).toMatchObject({
      cached: true,
      cost: { microCredits: 0 },
      text: first.type === 'text' ? first.text : '',
      provider: 'answers',
      attempts: first.attempts,
    });
    expect(again.id).not.toBe(first.id);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 90,
      reserved: 0,
    });
    // Both calls are in the history; the cached one cost nothing.
    const history = await client.usage.history.query({ limit: 5 });
    expect(
      history.items.map((item) => [item.id, item.costMicroCredits]),
    ).toEqual([
      [again.id, 0],
      [first.id, 10],
    ]);
  });

  it('should make a fresh call for another prompt, and when the request says cache: false', async () => {
    const { client } = await newKey(100);
    const ask = (prompt: string, cache?: false) =>
      client.generate.mutate({ type: 'text', prompt, route: 'cached', cache });
    const first = await ask('question A');
    const other = await ask('question B');
    const bypass = await ask('question A', false);
    expect([first.cached, other.cached, bypass.cached]).toEqual([
      false,
      false,
      false,
    ]);
    expect(bypass.type === 'text' && bypass.text).not.toBe(
      first.type === 'text' && first.text,
    );
  });

  it('should cache on a route without a cache when the request asks for one', async () => {
    const { client } = await newKey(100);
    const ask = () =>
      client.generate.mutate({
        type: 'text',
        prompt: 'per-request cache',
        cache: { ttlMs: 60_000 },
      });
    const first = await ask();
    const again = await ask();
    expect(first.cached).toBe(false);
    expect(again).toMatchObject({ cached: true, cost: { microCredits: 0 } });
    const uncached = await client.generate.mutate({
      type: 'text',
      prompt: 'per-request cache',
    });
    expect(uncached.cached).toBe(false);
  });

  it('should stop serving an entry once its TTL is over', async () => {
    // The gateway's clock, not the wall's, decides when an entry is over.
    let now = 1_000_000;
    const gateway = await createGateway({
      config: harness.server.config,
      logger: createLogger({ level: 'silent' }),
      now: () => now,
    });
    const ask = () =>
      gateway.generate({
        input: generateInputSchema.parse({
          type: 'text',
          prompt: 'short-lived',
          cache: { ttlMs: 50 },
        }),
      });
    expect((await ask()).cached).toBe(false);
    now += 50;
    expect((await ask()).cached).toBe(true);
    now += 1;
    expect((await ask()).cached).toBe(false);
  });

  it('should make one provider call for identical concurrent calls, charging only it', async () => {
    const { id, client } = await newKey(1_000);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        client.generate.mutate({
          type: 'text',
          prompt: 'everyone asks at once',
          route: 'slow',
        }),
      ),
    );
    expect(results.filter((result) => !result.cached)).toHaveLength(1);
    expect(
      new Set(results.map((result) => result.type === 'text' && result.text))
        .size,
    ).toBe(1);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 990,
      reserved: 0,
    });
  });

  it('should not cache a failure: the next identical call reaches the provider again', async () => {
    const { id, client } = await newKey(100);
    const ask = () =>
      client.generate.mutate({ type: 'text', prompt: 'x', route: 'down' });
    await expect(ask()).rejects.toThrow();
    await expect(ask()).rejects.toThrow();
    const history = await client.usage.history.query({ limit: 5 });
    expect(history.items.map((item) => item.status)).toEqual([
      'failed',
      'failed',
    ]);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 100,
      reserved: 0,
    });
  });
});
