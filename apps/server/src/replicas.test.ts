import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import type { TRPCClient } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dropSchemas, POSTGRES_URL } from '@switchyard/testing/postgres';
import { startMain } from './__tests__/server-process';
import {
  clientError,
  clientWithKey,
  FIXTURES_DIRECTORY,
} from './__tests__/test-server';
import type { AppRouter } from './router';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRICE = 10;

/**
 * Two server processes (`src/main.ts`, as `pnpm start` runs it) on one
 * PostgreSQL schema and one Redis key prefix of their own.
 */
describe('two replicas (server processes) on one PostgreSQL and Redis', () => {
  const unique = `${process.pid}_${Date.now()}`;
  const schema = `switchyard_replicas_${unique}`;
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  let directory: string;
  let store: SwitchyardStore;

  const clientsFor = (key: string): Array<TRPCClient<AppRouter>> =>
    urls.map((url) => clientWithKey(url, key));
  const newKey = async (credits: number, limits?: { perMinute?: number }) => {
    const { key, record } = await store.apiKeys.create({
      name: 'replicas',
      credits,
      limits,
    });
    const [onA, onB] = clientsFor(key);
    if (onA === undefined || onB === undefined) throw new Error('no replicas');
    return { id: record.id, onA, onB };
  };

  /** A replica process whose sweeper runs every 200 ms. */
  const startReplica = () => {
    const replica = startMain({
      SWITCHYARD_CONFIG: join(directory, 'replicas.yaml'),
      LOG_LEVEL: 'info',
      SWITCHYARD_SWEEP_INTERVAL_MS: '200',
    });
    children.push(replica.child);
    return replica;
  };

  /**
   * Waits until every replica handed back its slices of the key's credits;
   * then, given `balance`, checks the key holds exactly that, all of it free.
   */
  const expectAtRest = async (id: string, balance?: number) => {
    await vi.waitFor(
      async () => {
        expect((await store.ledger.balance(id)).reserved).toBe(0);
      },
      { timeout: 20_000, interval: 50 },
    );
    if (balance === undefined) return;
    expect(await store.ledger.balance(id)).toEqual({
      keyId: id,
      balance,
      reserved: 0,
      available: balance,
    });
  };

  /** A key with `credits`, and a client on a third replica, started for it to kill. */
  const doomedReplicaFor = async (name: string, credits: number) => {
    const { key, record } = await store.apiKeys.create({ name, credits });
    const doomed = startReplica();
    const listening = await doomed.waitFor(
      (line) => typeof line.url === 'string',
    );
    const client = clientWithKey(listening.url as string, key);
    return { key, id: record.id, doomed, client };
  };

  /** The key's `capture` entries in the ledger: their sum and how many. */
  const capturesOf = async (id: string) => {
    const database = new pg.Client({ connectionString: POSTGRES_URL });
    await database.connect();
    try {
      const { rows } = await database.query<{ charged: string; calls: string }>(
        `select coalesce(sum(amount), 0) as charged, count(*) as calls
           from "${schema}".switchyard_ledger_entries
          where key_id = $1 and kind = 'capture'`,
        [id],
      );
      return {
        charged: Number(rows[0]?.charged),
        calls: Number(rows[0]?.calls),
      };
    } finally {
      await database.end();
    }
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-replicas-'));
    const priced = JSON.stringify(join(FIXTURES_DIRECTORY, 'priced-provider'));
    const file = join(directory, 'replicas.yaml');
    await writeFile(
      file,
      `
auth: { required: true }
store: { url: "${POSTGRES_URL}", schema: "${schema}" }
redis: { url: "${REDIS_URL}", keyPrefix: "test_${unique}:" }
providers:
  cheap: { use: ${priced}, price: ${PRICE} }
  flaky: { use: ${priced}, price: ${PRICE}, fail: true }
  slow: { use: ${priced}, price: ${PRICE}, latencyMs: 300 }
  stuck: { use: ${priced}, price: ${PRICE}, latencyMs: 600000 }
# Each replica hands back a slice of a key's credits 20 ms after its last call.
credits: { lease: { idleMs: 20 } }
routes:
  text: { targets: ["cheap:answer"] }
  guarded:
    type: text
    targets: ["flaky:answer", "cheap:answer"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 3, halfOpenAfterMs: 600000 }
  cached: { type: text, targets: ["slow:answer"], cache: { ttlMs: 60000 } }
  # Holds on these two live 3 s + 5 s: a dead replica's slice is freed soon.
  quick: { type: text, targets: ["cheap:answer"], deadlineMs: 3000 }
  stuck: { type: text, targets: ["stuck:answer"], deadlineMs: 3000 }
`,
    );
    // The first replica creates the schema and runs the migrations.
    for (let index = 0; index < 2; index += 1) {
      const replica = startReplica();
      const listening = await replica.waitFor(
        (line) => typeof line.url === 'string',
      );
      urls.push(listening.url as string);
    }
    store = await createSqlStore({ url: POSTGRES_URL, schema });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    await store?.close();
    await dropSchemas(schema);
    await rm(directory, { recursive: true, force: true });
  });

  it('should open a breaker on the other replica once one replica’s failures opened it', async () => {
    const { onA, onB } = await newKey(10_000);
    const guarded = { type: 'text' as const, prompt: 'hi', route: 'guarded' };
    for (let call = 0; call < 3; call += 1) {
      const result = await onA.generate.mutate(guarded);
      expect(result.attempts[0]).toMatchObject({
        provider: 'flaky',
        outcome: 'error',
      });
    }
    const flakyOnB = async () =>
      (await onB.providers.health.query()).targets.find(
        (report) => report.target === 'flaky:answer',
      );
    // A's open reaches B over Redis pub/sub; B has never called flaky itself.
    await vi.waitFor(
      async () => expect((await flakyOnB())?.breaker).toBe('open'),
      { timeout: 5_000, interval: 20 },
    );
    // B's health counts the calls A made.
    expect(await flakyOnB()).toMatchObject({ recentCalls: 3, successRate: 0 });
    const onBCall = await onB.generate.mutate(guarded);
    expect(onBCall.attempts[0]).toMatchObject({
      provider: 'flaky',
      outcome: 'skipped',
      reason: 'breaker-open',
    });
    expect(onBCall.provider).toBe('cheap');
  }, 20_000);

  it('should count a key’s rate limit across both replicas', async () => {
    const { onA, onB } = await newKey(10_000, { perMinute: 4 });
    const call = (client: TRPCClient<AppRouter>) =>
      client.generate.mutate({ type: 'text', prompt: 'hi' });
    await call(onA);
    await call(onB);
    await call(onA);
    await call(onB);
    const refused = await clientError(call(onB));
    expect(refused.data).toMatchObject({ httpStatus: 429 });
    expect(refused.data?.retryAfterMs).toBeGreaterThan(0);
    expect((await clientError(call(onA))).data?.httpStatus).toBe(429);
  }, 20_000);

  it('should charge once for an idempotency key used on both replicas at the same time', async () => {
    const { id, onA, onB } = await newKey(1_000);
    const input = {
      type: 'text' as const,
      prompt: 'hi',
      route: 'cached',
      cache: false as const,
      idempotencyKey: 'both-replicas',
    };
    const [fromA, fromB] = await Promise.all([
      onA.generate.mutate(input),
      onB.generate.mutate(input),
    ]);
    expect(fromB.id).toBe(fromA.id);
    expect(await store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - PRICE,
    });
    await expectAtRest(id);
  }, 20_000);

  it('should serve one replica’s cached result from the other', async () => {
    const { id, onA, onB } = await newKey(1_000);
    const input = { type: 'text' as const, prompt: 'shared', route: 'cached' };
    const first = await onA.generate.mutate(input);
    const second = await onB.generate.mutate(input);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({
      cached: true,
      cost: { microCredits: 0 },
      text: first.type === 'text' ? first.text : '',
    });
    expect(await store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - PRICE,
    });
  }, 20_000);

  it('should charge 500 concurrent calls with 50 idempotency keys exactly 50 times', async () => {
    const credits = 1_000_000;
    const { id, onA, onB } = await newKey(credits);
    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        (index % 2 === 0 ? onA : onB).generate.mutate({
          type: 'text',
          prompt: `order ${index % 50}`,
          idempotencyKey: `order-${index % 50}`,
        }),
      ),
    );
    const elapsedMs = performance.now() - startedAt;
    expect(new Set(results.map((result) => result.id)).size).toBe(50);
    // Charges are written before a call answers; the replicas' slices of
    // the key's credits go back once they are idle.
    expect(await store.ledger.balance(id)).toMatchObject({
      balance: credits - 50 * PRICE,
    });
    await expectAtRest(id, credits - 50 * PRICE);
    const balance = await store.ledger.balance(id);
    const history = await store.generations.list({ keyId: id, limit: 100 });
    expect(history).toHaveLength(50);
    expect(history.every((entry) => entry.status === 'succeeded')).toBe(true);
    console.info(
      `500 calls (50 idempotency keys) over 2 replica processes: ${Math.round(elapsedMs)} ms; ledger ${JSON.stringify(balance)}`,
    );
  }, 60_000);

  it('should keep the ledger exact when a replica holding a slice is killed mid-call', async () => {
    const credits = 1_000_000;
    const { id, doomed, client } = await doomedReplicaFor('killed', credits);
    // Calls in flight (their provider never answers) when it dies: the
    // first one leases the replica's slice of the key's credits.
    const lost = Array.from({ length: 10 }, () =>
      client.generate
        .mutate({ type: 'text', prompt: 'b', route: 'stuck' })
        .then(
          () => 'answered',
          () => 'lost',
        ),
    );
    await vi.waitFor(
      async () => {
        expect((await store.ledger.balance(id)).reserved).toBeGreaterThan(0);
      },
      { timeout: 5_000, interval: 10 },
    );
    // Answered calls, charged from that slice (or a second one).
    await Promise.all(
      Array.from({ length: 20 }, () =>
        client.generate.mutate({ type: 'text', prompt: 'a', route: 'quick' }),
      ),
    );
    doomed.child.kill('SIGKILL');
    expect(await Promise.all(lost)).toEqual(Array(10).fill('lost'));
    // Every answered call was charged before it answered; nothing else was.
    expect((await store.ledger.balance(id)).balance).toBe(credits - 20 * PRICE);
    // The dead replica's slice expires; another replica's sweeper frees it.
    await expectAtRest(id, credits - 20 * PRICE);
    expect(await capturesOf(id)).toEqual({
      charged: 20 * PRICE,
      calls: 20,
    });
  }, 60_000);

  it('should keep a hot key’s ledger exact when a replica is killed mid-load while another serves the same key', async () => {
    const credits = 1_000_000;
    const {
      key,
      id,
      doomed,
      client: onDoomed,
    } = await doomedReplicaFor('hot and killed', credits);
    const [onLive] = clientsFor(key);
    if (onLive === undefined) throw new Error('no replica');
    const tally = { answered: 0, failed: 0, stop: false };
    /** Calls the key back to back; on the doomed replica, until a call fails. */
    const loop = async (
      client: TRPCClient<AppRouter>,
      untilFailure: boolean,
    ) => {
      while (!tally.stop) {
        try {
          await client.generate.mutate({
            type: 'text',
            prompt: 'a',
            route: 'quick',
          });
          tally.answered += 1;
        } catch {
          tally.failed += 1;
          if (untilFailure) return;
        }
      }
    };
    const LOOPS = 8;
    const doomedLoops = Array.from({ length: LOOPS }, () =>
      loop(onDoomed, true),
    );
    const liveLoops = Array.from({ length: LOOPS }, () => loop(onLive, false));
    await vi.waitFor(() => expect(tally.answered).toBeGreaterThan(200), {
      timeout: 20_000,
      interval: 5,
    });
    // Mid-load: each of the doomed replica's loops has a call in flight.
    doomed.child.kill('SIGKILL');
    await Promise.all(doomedLoops);
    const answeredAtKill = tally.answered;
    // The other replica goes on serving the key.
    await vi.waitFor(
      () => expect(tally.answered).toBeGreaterThan(answeredAtKill + 100),
      { timeout: 20_000, interval: 5 },
    );
    tally.stop = true;
    await Promise.all(liveLoops);
    // Only the doomed replica's calls in flight failed.
    expect(tally.failed).toBe(LOOPS);
    const { charged, calls } = await capturesOf(id);
    // Every answered call was charged once; a call in flight at the kill
    // was charged at most once (its charge may have landed, its answer not).
    expect(calls).toBeGreaterThanOrEqual(tally.answered);
    expect(calls).toBeLessThanOrEqual(tally.answered + LOOPS);
    expect(charged).toBe(calls * PRICE);
    expect((await store.ledger.balance(id)).balance).toBe(credits - charged);
    // The dead replica's slice expires and is freed; nothing else moves.
    await expectAtRest(id, credits - charged);
  }, 90_000);
});
