import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

describe('credits on generate', () => {
  let harness: TestServer;
  const newKey = (credits: number) => createKeyedClient(harness, { credits });

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  cheap: { use: ./priced-provider, price: 10 }
  cheap-down: { use: ./priced-provider, price: 10, fail: true }
  dear: { use: ./priced-provider, price: 1000 }
  listed-down: { use: ./priced-provider, price: 10, fail: true }
routes:
  text: { targets: ["cheap:answer"] }
  fallback:
    type: text
    targets: ["cheap-down:answer", "dear:answer"]
    retry: { maxAttempts: 1 }
  down:
    type: text
    targets: ["cheap-down:answer"]
    retry: { maxAttempts: 1 }
  listed-down:
    type: text
    targets: ["listed-down:answer"]
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

  it('should answer a repeated idempotency key with the stored result, charging once', async () => {
    const { id, client } = await newKey(100);
    const input = {
      type: 'text' as const,
      prompt: 'hi',
      idempotencyKey: 'order-1',
    };
    const first = await client.generate.mutate(input);
    const again = await client.generate.mutate(input);
    expect(again).toEqual(first);
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.generate.mutate({ ...input, idempotencyKey: 'order-2' }),
      ),
    );
    expect(new Set(concurrent.map((result) => result.id)).size).toBe(1);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 80,
      reserved: 0,
    });
    const recorded = await harness.store.generations.list({
      keyId: id,
      limit: 10,
    });
    expect(recorded.map((record) => record.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('should record a failed call as failed and let a retry under its idempotency key run again', async () => {
    const { id, client } = await newKey(100);
    const input = {
      type: 'text' as const,
      prompt: 'hi',
      route: 'down',
      idempotencyKey: 'order-failing',
    };
    const first = await clientError(client.generate.mutate(input));
    const retry = await clientError(client.generate.mutate(input));
    // The retry reached the provider again (a replay would say the first call failed).
    expect(retry.message).toBe(first.message);
    const recorded = await harness.store.generations.list({
      keyId: id,
      limit: 10,
    });
    expect(recorded.map((record) => [record.status, record.errorCode])).toEqual(
      [
        ['failed', first.data?.code],
        ['failed', first.data?.code],
      ],
    );
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 100,
      reserved: 0,
    });
  });

  it('should list the key’s calls with every attempt, failed calls included', async () => {
    const { client } = await newKey(10_000);
    const other = await newKey(10_000);
    const served = await client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      route: 'fallback',
    });
    await clientError(
      client.generate.mutate({
        type: 'text',
        prompt: 'hi',
        route: 'listed-down',
      }),
    );
    const page = await client.generations.list.query({ limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({
        route: 'listed-down',
        status: 'failed',
        errorCode: 'unknown',
        attempts: [
          expect.objectContaining({
            provider: 'listed-down',
            outcome: 'error',
          }),
        ],
        requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
      expect.objectContaining({
        id: served.id,
        status: 'succeeded',
        provider: 'dear',
        costMicroCredits: 1000,
        attempts: served.attempts,
      }),
    ]);
    expect(page.items[0]).not.toHaveProperty('result');
    expect(await client.generations.get.query({ id: served.id })).toMatchObject(
      { attempts: served.attempts, result: served },
    );
    expect(
      (await other.client.generations.list.query({ limit: 10 })).items,
    ).toEqual([]);
  });

  it('should refuse an idempotency key reused for a different request', async () => {
    const { client } = await newKey(100);
    await client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      idempotencyKey: 'order-3',
    });
    const error = await clientError(
      client.generate.mutate({
        type: 'text',
        prompt: 'bye',
        idempotencyKey: 'order-3',
      }),
    );
    expect(error.data).toMatchObject({
      code: 'invalid_request',
      httpStatus: 400,
    });
    expect(error.message).toContain('different request');
  });

  it('should report the key’s balance, its calls a page at a time, and each call with its result', async () => {
    const { client } = await newKey(1_000);
    const other = await newKey(1_000);
    const made = [];
    for (let index = 0; index < 3; index += 1) {
      made.push(
        await client.generate.mutate({ type: 'text', prompt: `call ${index}` }),
      );
    }
    expect(await client.usage.balance.query()).toEqual({
      balance: 970,
      reserved: 0,
      available: 970,
    });

    const first = await client.usage.history.query({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual([
      made[2]?.id,
      made[1]?.id,
    ]);
    expect(first.items[0]).toMatchObject({
      status: 'succeeded',
      provider: 'cheap',
      costMicroCredits: 10,
    });
    const second = await client.usage.history.query({
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.items.map((item) => item.id)).toEqual([made[0]?.id]);
    expect(second.nextCursor).toBeUndefined();

    const stored = await client.generations.get.query({
      id: made[0]?.id ?? '',
    });
    expect(stored.result).toEqual(made[0]);
    const foreign = await clientError(
      other.client.generations.get.query({ id: made[0]?.id ?? '' }),
    );
    expect(foreign.data?.httpStatus).toBe(404);
  });
});
