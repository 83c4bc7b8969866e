import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const PRICE = 25;

describe('generateBatch', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  local: {}
  priced: { use: ./priced-provider, price: ${PRICE} }
  broken: { use: ./priced-provider, price: ${PRICE}, fail: true }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["priced:answer"] }
  broken: { type: text, targets: ["broken:answer"], retry: { maxAttempts: 1 } }
  private: { type: text, targets: ["priced:answer"] }
`),
    });
  });
  afterAll(() => harness.close());

  it('should answer mixed items in input order, one failure losing none of the others, credits per item', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: 1_000,
      limits: { routes: ['image', 'text', 'broken'] },
    });
    const batch = await client.generateBatch.mutate({
      items: [
        { type: 'image', prompt: 'a red square', width: 64, height: 64 },
        { type: 'text', prompt: 'first' },
        { type: 'text', prompt: 'down', route: 'broken' },
        { type: 'text', prompt: 'not mine', route: 'private' },
        { type: 'text', prompt: 'second' },
      ],
      concurrency: 3,
    });
    expect(batch.items.map((item) => [item.index, item.ok])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(batch).toMatchObject({ succeeded: 3, failed: 2 });
    const [image, first, broken, forbidden, second] = batch.items;
    expect(image?.ok && image.result.type).toBe('image');
    expect(first?.ok && first.result).toMatchObject({
      type: 'text',
      provider: 'priced',
      cost: { microCredits: PRICE },
    });
    expect(second?.ok && second.result.type).toBe('text');
    expect(broken?.ok === false && broken.error).toMatchObject({
      code: 'unknown',
      attempts: [
        expect.objectContaining({ provider: 'broken', outcome: 'error' }),
      ],
    });
    expect(forbidden?.ok === false && forbidden.error).toMatchObject({
      code: 'auth',
      message: expect.stringContaining('may not use the route "private"'),
    });
    const spent = batch.items.reduce(
      (sum, item) => sum + (item.ok ? item.result.cost.microCredits : 0),
      0,
    );
    expect(spent).toBeGreaterThanOrEqual(2 * PRICE);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - spent,
      reserved: 0,
    });
    const history = await client.usage.history.query({ limit: 10 });
    expect(history.items).toHaveLength(4);
  });

  it('should not start the remaining items after a failure when continueOnError is false', async () => {
    const { id, client } = await createKeyedClient(harness, { credits: 1_000 });
    const batch = await client.generateBatch.mutate({
      items: [
        { type: 'text', prompt: 'one' },
        { type: 'text', prompt: 'down', route: 'broken' },
        { type: 'text', prompt: 'three' },
        { type: 'text', prompt: 'four' },
      ],
      concurrency: 1,
      continueOnError: false,
    });
    expect(
      batch.items.map((item) => (item.ok ? 'ok' : item.error.code)),
    ).toEqual(['ok', 'unknown', 'cancelled', 'cancelled']);
    expect(batch.items[2]?.ok === false && batch.items[2].error.message).toBe(
      'Not run: item 1 failed and continueOnError is false.',
    );
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - PRICE,
      reserved: 0,
    });
  });

  it('should refuse a batch with a bad item or too many items as a whole, naming the field', async () => {
    const { id, client } = await createKeyedClient(harness, { credits: 1_000 });
    const badItem = await clientError(
      client.generateBatch.mutate({
        items: [
          { type: 'text', prompt: 'fine' },
          { type: 'text', prompt: '' },
        ],
      }),
    );
    expect(badItem.data?.code).toBe('invalid_request');
    expect(badItem.data?.issues).toEqual([
      expect.objectContaining({ path: 'items.1.prompt' }),
    ]);
    const tooMany = await clientError(
      client.generateBatch.mutate({
        items: Array.from({ length: 101 }, () => ({
          type: 'text' as const,
          prompt: 'hi',
        })),
      }),
    );
    expect(tooMany.data?.issues).toEqual([
      expect.objectContaining({ path: 'items' }),
    ]);
    // Nothing ran, nothing was charged.
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000,
    });
    expect((await client.usage.history.query({ limit: 5 })).items).toEqual([]);
  });
});
