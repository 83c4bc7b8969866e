import type { SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import { createTRPCClient, httpLink } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import type { AppRouter } from './router';

const POSTGRES_URL =
  process.env.SWITCHYARD_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRICE = 10;

describe('two replicas on one PostgreSQL and Redis', () => {
  const schema = `switchyard_replicas_${process.pid}_${Date.now()}`;
  const stores: SwitchyardStore[] = [];
  const replicas: TestServer[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 2; index += 1) {
      // Each replica has its own connection pool, as two processes would.
      const store = await createSqlStore({ url: POSTGRES_URL, schema });
      stores.push(store);
      replicas.push(
        await startTestServer({
          store,
          config: configFromYaml(`
auth: { required: true }
redis: { url: "${REDIS_URL}" }
providers: { cheap: { use: ./priced-provider, price: ${PRICE} } }
routes: { text: { targets: ["cheap:answer"] } }
`),
        }),
      );
    }
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const store of stores) await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('should charge 500 concurrent calls with 50 idempotency keys exactly 50 times', async () => {
    const owner = stores[0];
    if (owner === undefined) throw new Error('no store');
    const credits = 1_000_000;
    const { key, record } = await owner.apiKeys.create({
      name: 'busy',
      credits,
    });
    const clients = replicas.map((replica) =>
      createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url: `${replica.server.url}/trpc`,
            headers: { authorization: `Bearer ${key}` },
          }),
        ],
      }),
    );
    const [first, second] = clients;
    if (first === undefined || second === undefined)
      throw new Error('no clients');
    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        (index % 2 === 0 ? first : second).generate.mutate({
          type: 'text',
          prompt: `order ${index % 50}`,
          idempotencyKey: `order-${index % 50}`,
        }),
      ),
    );
    const elapsedMs = performance.now() - startedAt;
    const ids = new Set(results.map((result) => result.id));
    expect(ids.size).toBe(50);
    const balance = await owner.ledger.balance(record.id);
    expect(balance).toEqual({
      keyId: record.id,
      balance: credits - 50 * PRICE,
      reserved: 0,
      available: credits - 50 * PRICE,
    });
    const history = await owner.generations.list({
      keyId: record.id,
      limit: 100,
    });
    expect(history).toHaveLength(50);
    expect(history.every((entry) => entry.status === 'succeeded')).toBe(true);
    console.info(
      `500 calls (50 idempotency keys) over 2 replicas: ${Math.round(elapsedMs)} ms; ledger ${JSON.stringify(balance)}`,
    );
  }, 60_000);
});
