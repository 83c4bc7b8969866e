import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import type { AppRouter } from './router';

describe('credits on generate', () => {
  let harness: TestServer;
  const clientWith = (key: string) =>
    createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${harness.server.url}/trpc`,
          headers: { authorization: `Bearer ${key}` },
        }),
      ],
    });
  const newKey = async (credits: number) => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'k',
      credits,
    });
    return { key, id: record.id, client: clientWith(key) };
  };

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  cheap: { use: ./priced-provider, price: 10 }
  cheap-down: { use: ./priced-provider, price: 10, fail: true }
  dear: { use: ./priced-provider, price: 1000 }
routes:
  text: { targets: ["cheap:answer"] }
  fallback:
    type: text
    targets: ["cheap-down:answer", "dear:answer"]
    retry: { maxAttempts: 1 }
`),
    });
  });
  afterAll(() => harness.close());

  it('should charge the served call its cost, once, and report it', async () => {
    const { id, client } = await newKey(100);
    const result = await client.generate.mutate({ type: 'text', prompt: 'hi' });
    expect(result.cost).toEqual({ microCredits: 10 });
    expect(await harness.store.ledger.balance(id)).toEqual({
      keyId: id,
      balance: 90,
      reserved: 0,
      available: 90,
    });
  });

  it('should refuse a call the key cannot pay for before any provider call, naming the balance and estimate', async () => {
    const { id, client } = await newKey(5);
    const error = await clientError(
      client.generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({
      code: 'quota_exceeded',
      trpcCode: 'PAYMENT_REQUIRED',
      httpStatus: 402,
    });
    expect(error.message).toContain('5 micro-credits available');
    expect(error.message).toContain('needs up to 10');
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 5,
      reserved: 0,
    });
  });

  it('should charge the fallback that served, at its own price', async () => {
    const { id, client } = await newKey(5_000);
    const result = await client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      route: 'fallback',
    });
    expect(result).toMatchObject({
      provider: 'dear',
      fallbackUsed: true,
      cost: { microCredits: 1000 },
    });
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 4_000,
      reserved: 0,
    });
  });

  it('should not let a cheap primary take a key to a fallback it cannot pay for', async () => {
    const { id, client } = await newKey(500);
    const error = await clientError(
      client.generate.mutate({ type: 'text', prompt: 'hi', route: 'fallback' }),
    );
    expect(error.data?.attempts).toEqual([
      expect.objectContaining({ provider: 'cheap-down', outcome: 'error' }),
      expect.objectContaining({
        provider: 'dear',
        outcome: 'skipped',
        reason: 'budget',
      }),
    ]);
    // The failed call released its hold and charged nothing.
    expect(await harness.store.ledger.balance(id)).toEqual({
      keyId: id,
      balance: 500,
      reserved: 0,
      available: 500,
    });
  });

  it('should stay exact over many concurrent calls on one key', async () => {
    const { id, client } = await newKey(1_000);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 150 }, () =>
        client.generate.mutate({ type: 'text', prompt: 'hi' }),
      ),
    );
    const served = outcomes.filter(
      (outcome) => outcome.status === 'fulfilled',
    ).length;
    expect(served).toBe(100);
    expect(await harness.store.ledger.balance(id)).toEqual({
      keyId: id,
      balance: 0,
      reserved: 0,
      available: 0,
    });
  });
});
