import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLeasedLedger,
  type CreditLedger,
  type LeasedLedgerOptions,
  type SwitchyardStore,
} from '@switchyard/core';
import Database from 'libsql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  dropSchemas,
  POSTGRES_URL,
  testSchema,
} from '@switchyard/testing/postgres';
import { createSqlStore } from './index';

const schema = testSchema('lease');
const directory = mkdtempSync(join(tmpdir(), 'switchyard-lease-'));
const HOUR = 3_600_000;
/** Capture entries in one order, whatever the database's collation. */
const byReservation = (
  a: { reservation: string },
  b: { reservation: string },
) =>
  a.reservation < b.reservation ? -1 : a.reservation > b.reservation ? 1 : 0;

/** Runs `use` on a client of the test's PostgreSQL schema. */
async function withPostgres<T>(use: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({
    connectionString: POSTGRES_URL,
    options: `-c search_path="${schema}"`,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Runs `use` on the test's SQLite file, opened on its own. */
function withSqlite(use: (file: Database.Database) => unknown): unknown[] {
  const file = new Database(join(directory, 'lease.db'));
  try {
    return use(file) as unknown[];
  } finally {
    file.close();
  }
}

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await dropSchemas(schema);
});

/** Timers a test fires by hand. */
function manualTimers() {
  const waiting = new Set<() => void>();
  return {
    setTimer: (run: () => void) => {
      waiting.add(run);
      return () => waiting.delete(run);
    },
    fireAll: () => {
      const runs = [...waiting];
      waiting.clear();
      for (const run of runs) run();
    },
    get count() {
      return waiting.size;
    },
  };
}

/** A store's ledger with its `chargeHolds` transactions, reserves and hold growths counted. */
function counted(ledger: CreditLedger) {
  const counts = { chargeHolds: 0, reserve: 0, grow: 0 };
  const chargeHolds = ledger.chargeHolds?.bind(ledger);
  const extendHold = ledger.extendHold?.bind(ledger);
  const view: CreditLedger = {
    ...ledger,
    reserve: (options) => {
      counts.reserve += 1;
      return ledger.reserve(options);
    },
    ...(extendHold === undefined
      ? {}
      : {
          extendHold: (options) => {
            if ((options.amount ?? 0) > 0) counts.grow += 1;
            return extendHold(options);
          },
        }),
    ...(chargeHolds === undefined
      ? {}
      : {
          chargeHolds: (holds) => {
            counts.chargeHolds += 1;
            return chargeHolds(holds);
          },
        }),
  };
  return { view, counts };
}

for (const dialect of ['SQLite', 'PostgreSQL'] as const) {
  describe(`leased credit slices on ${dialect}`, () => {
    let store: SwitchyardStore;
    const clock = { now: 1_700_000_000_000 };
    const now = () => clock.now;
    const lease = (ledger: CreditLedger, options: LeasedLedgerOptions = {}) =>
      createLeasedLedger(ledger, { now, ...options });

    beforeAll(async () => {
      store = await createSqlStore({
        url:
          dialect === 'SQLite'
            ? `sqlite:${join(directory, 'lease.db')}`
            : POSTGRES_URL,
        ...(dialect === 'SQLite' ? {} : { schema }),
        now,
      });
    });
    afterAll(() => store?.close());

    /** The key's `capture` entries, by the hold each names. */
    const captureEntries = async (keyId: string) => {
      const query = `select reservation_id as reservation, amount from switchyard_ledger_entries where key_id = '${keyId}' and kind = 'capture'`;
      const rows =
        dialect === 'SQLite'
          ? withSqlite((file) => file.prepare(query).all())
          : await withPostgres(
              async (client) =>
                (await client.query<Record<string, unknown>>(query)).rows,
            );
      return (rows as Array<Record<string, unknown>>)
        .map((row) => ({
          reservation: String(row.reservation),
          amount: Number(row.amount),
        }))
        .sort(byReservation);
    };

    /** `calls` calls one after the other, each holding and spending `amount`, `everyMs` apart. */
    const spend = async (
      ledger: CreditLedger,
      options: {
        keyId: string;
        calls: number;
        amount: number;
        everyMs: number;
      },
    ) => {
      const { keyId, amount } = options;
      for (let call = 0; call < options.calls; call += 1) {
        const hold = await ledger.reserve({ keyId, amount, ttlMs: HOUR });
        await ledger.capture({ reservationId: hold.id, amount });
        clock.now += options.everyMs;
      }
    };

    /** The key's rows in the store: `balance` left, nothing held. */
    const expectAtRest = async (keyId: string, balance: number) =>
      expect(await store.ledger.balance(keyId)).toEqual({
        keyId,
        balance,
        reserved: 0,
        available: balance,
      });

    const newKey = async (credits: number) =>
      (await store.apiKeys.create({ name: 'lease', credits })).record.id;

    it('should hold many calls from one slice and charge the calls that end together in one transaction', async () => {
      const keyId = await newKey(1_000_000);
      const { view, counts } = counted(store.ledger);
      const timers = manualTimers();
      const ledger = lease(view, { setTimer: timers.setTimer });
      const holds = await Promise.all(
        Array.from({ length: 32 }, () =>
          ledger.reserve({ keyId, amount: 100, ttlMs: HOUR }),
        ),
      );
      // One slice covers all 32 (twice the holds in flight).
      expect(counts.reserve).toBe(1);
      expect(await ledger.balance(keyId)).toEqual({
        keyId,
        balance: 1_000_000,
        reserved: 3_200,
        available: 1_000_000 - 3_200,
      });
      const captured = await Promise.all(
        holds.map((hold, index) =>
          ledger.capture({ reservationId: hold.id, amount: index }),
        ),
      );
      expect(counts.chargeHolds).toBe(1);
      expect(captured.map((hold) => hold.capturedAmount)).toEqual(
        holds.map((_, index) => index),
      );
      const charged = (31 * 32) / 2;
      // One `capture` entry per call, naming the call's own hold.
      expect(await captureEntries(keyId)).toEqual(
        holds
          .map((hold, index) => ({ reservation: hold.id, amount: index }))
          .sort(byReservation),
      );
      // The store's rows: charged, and the slice still held until it idles.
      const rows = await store.ledger.balance(keyId);
      expect(rows.balance).toBe(1_000_000 - charged);
      expect(rows.reserved).toBeGreaterThan(0);
      expect(await ledger.balance(keyId)).toMatchObject({ reserved: 0 });
      timers.fireAll();
      await ledger.close();
      await expectAtRest(keyId, 1_000_000 - charged);
    });

    it('should charge calls on different keys that end together in one transaction', async () => {
      const keys = [await newKey(10_000), await newKey(10_000)];
      const { view, counts } = counted(store.ledger);
      const ledger = lease(view);
      const holds = await Promise.all(
        keys.flatMap((keyId) =>
          [1, 2, 3].map(() =>
            ledger.reserve({ keyId, amount: 10, ttlMs: HOUR }),
          ),
        ),
      );
      await Promise.all(
        holds.map((hold) =>
          ledger.capture({ reservationId: hold.id, amount: 7 }),
        ),
      );
      expect(counts.chargeHolds).toBe(1);
      await ledger.close();
      for (const keyId of keys) {
        await expectAtRest(keyId, 10_000 - 3 * 7);
      }
    });

    it('should keep a slice for the next call until it idles, then hand it back', async () => {
      const keyId = await newKey(10_000);
      const { view, counts } = counted(store.ledger);
      const timers = manualTimers();
      const ledger = lease(view, { setTimer: timers.setTimer });
      for (let call = 0; call < 5; call += 1) {
        const hold = await ledger.reserve({ keyId, amount: 50, ttlMs: HOUR });
        await ledger.capture({ reservationId: hold.id, amount: 40 });
      }
      expect(counts.reserve).toBe(1);
      expect((await store.ledger.balance(keyId)).reserved).toBe(16 * 50 - 200);
      timers.fireAll();
      await ledger.balance(keyId);
      await expectAtRest(keyId, 10_000 - 200);
      await ledger.close();
    });

    it('should grow a busy key’s slice to its pace instead of leasing another', async () => {
      const keyId = await newKey(1_000_000);
      const { view, counts } = counted(store.ledger);
      const ledger = lease(view, { setTimer: manualTimers().setTimer });
      // 16 calls of 10 in 160 ms use up the first slice (16 × 10)...
      await spend(ledger, { keyId, calls: 16, amount: 10, everyMs: 10 });
      expect((await store.ledger.balance(keyId)).reserved).toBe(0);
      // ...so the next grows it by a second's worth at that pace: 100 calls.
      const hold = await ledger.reserve({ keyId, amount: 10, ttlMs: HOUR });
      expect(counts).toMatchObject({ reserve: 1, grow: 1 });
      expect((await store.ledger.balance(keyId)).reserved).toBe(1_000);
      await ledger.capture({ reservationId: hold.id, amount: 10 });
      await ledger.close();
      await expectAtRest(keyId, 1_000_000 - 170);
    });

    it('should grow a slice only from free credits, and hold unleased once they are short', async () => {
      const keyId = await newKey(1_000);
      const { view, counts } = counted(store.ledger);
      const ledger = lease(view, { setTimer: manualTimers().setTimer });
      await spend(ledger, { keyId, calls: 16, amount: 50, everyMs: 0 });
      // 200 left: the slice cannot grow by 16 × 50, so the call holds its own.
      const hold = await ledger.reserve({ keyId, amount: 50, ttlMs: HOUR });
      expect(counts).toMatchObject({ reserve: 2, grow: 2 });
      expect(await store.ledger.balance(keyId)).toMatchObject({
        balance: 200,
        reserved: 50,
      });
      await ledger.capture({ reservationId: hold.id, amount: 50 });
      await ledger.close();
      expect(await store.ledger.balance(keyId)).toMatchObject({
        balance: 150,
        reserved: 0,
      });
    });

    it('should grow a live hold by what the key has free, and nothing once it is freed', async () => {
      const keyId = await newKey(1_000);
      const hold = await store.ledger.reserve({ keyId, amount: 100, ttlMs: 1 });
      const grow = (amount: number) =>
        store.ledger.extendHold?.({
          reservationId: hold.id,
          expiresAt: clock.now + HOUR,
          amount,
        });
      expect(await grow(800)).toBe('extended');
      expect(await grow(200)).toBe('short');
      expect((await store.ledger.balance(keyId)).reserved).toBe(900);
      // Its expiry moved with it: the sweeper leaves it.
      clock.now += 1_000;
      expect(await store.ledger.releaseExpired()).toBe(0);
      await store.ledger.release(hold.id);
      expect(await grow(100)).toBe('gone');
      expect((await store.ledger.balance(keyId)).reserved).toBe(0);
    });

    it('should never let two replicas overdraw a key, and charge each call exactly once', async () => {
      const keyId = await newKey(10_000);
      const replicas = [lease(store.ledger), lease(store.ledger)] as const;
      const replicaOf = (index: number) => replicas[index % 2 === 0 ? 0 : 1];
      const attempts = await Promise.allSettled(
        Array.from({ length: 200 }, (_, index) =>
          replicaOf(index).reserve({ keyId, amount: 100, ttlMs: HOUR }),
        ),
      );
      const held = attempts.flatMap((attempt, index) =>
        attempt.status === 'fulfilled'
          ? [{ hold: attempt.value, ledger: replicaOf(index) }]
          : [],
      );
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBeLessThanOrEqual(100);
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') {
          expect(attempt.reason).toMatchObject({ code: 'quota_exceeded' });
        }
      }
      // Every capture is sent twice at once: each must charge exactly once.
      await Promise.all(
        held.flatMap(({ hold, ledger }) => [
          ledger.capture({ reservationId: hold.id, amount: 70 }),
          ledger.capture({ reservationId: hold.id, amount: 70 }),
        ]),
      );
      for (const replica of replicas) await replica.close();
      await expectAtRest(keyId, 10_000 - 70 * held.length);
    });

    it('should free a crashed replica’s slice once it expires, keeping the charges it wrote', async () => {
      const keyId = await newKey(5_000);
      const crashed = lease(store.ledger);
      const done = await crashed.reserve({ keyId, amount: 100, ttlMs: 60_000 });
      await crashed.capture({ reservationId: done.id, amount: 30 });
      // A call in flight when the process dies: its hold is never settled.
      await crashed.reserve({ keyId, amount: 100, ttlMs: 60_000 });
      expect((await store.ledger.balance(keyId)).reserved).toBe(1_600 - 30);
      const survivor = lease(store.ledger);
      clock.now += 59_999;
      expect(await survivor.releaseExpired()).toBe(0);
      clock.now += 1;
      expect(await survivor.releaseExpired()).toBe(1);
      await expectAtRest(keyId, 5_000 - 30);
      await survivor.close();
    });

    it('should free a killed process’s slice within a minute, whatever its calls’ routes allow, and renew it while a call runs', async () => {
      const keyId = await newKey(5_000);
      const timers = manualTimers();
      const alive = lease(store.ledger, { setTimer: timers.setTimer });
      const crashed = lease(store.ledger, { setTimer: () => () => undefined });
      // An hour-long call on each: the slices still live a minute at most.
      const running = await alive.reserve({ keyId, amount: 10, ttlMs: HOUR });
      await crashed.reserve({ keyId, amount: 10, ttlMs: HOUR });
      clock.now += 50_000;
      timers.fireAll();
      await alive.balance(keyId);
      await vi.waitFor(() => expect(timers.count).toBe(1));
      clock.now += 10_000;
      // The crashed process's slice lapsed; the renewed one did not.
      expect(await store.ledger.releaseExpired()).toBe(1);
      await alive.capture({ reservationId: running.id, amount: 10 });
      await alive.close();
      await expectAtRest(keyId, 4_990);
    });

    it('should keep a busy slice alive past its first expiry', async () => {
      const keyId = await newKey(5_000);
      const timers = manualTimers();
      const ledger = lease(store.ledger, { setTimer: timers.setTimer });
      const first = await ledger.reserve({ keyId, amount: 10, ttlMs: 60_000 });
      await ledger.capture({ reservationId: first.id, amount: 10 });
      clock.now += 40_000;
      // Past half its life: the slice is extended before this hold.
      const second = await ledger.reserve({ keyId, amount: 10, ttlMs: 60_000 });
      clock.now += 30_000;
      expect(await store.ledger.releaseExpired()).toBe(0);
      await ledger.capture({ reservationId: second.id, amount: 10 });
      timers.fireAll();
      await ledger.close();
      await expectAtRest(keyId, 4_980);
    });

    it('should charge a call whose slice the sweeper freed from free credits only, and take a new slice for the next', async () => {
      const keyId = await newKey(1_000);
      const ledger = lease(store.ledger);
      const hold = await ledger.reserve({ keyId, amount: 50, ttlMs: 1_000 });
      clock.now += 1_000;
      expect(await store.ledger.releaseExpired()).toBe(1);
      // Nothing is held any more; 1,000 are free, so the charge still lands.
      expect(
        await ledger.capture({ reservationId: hold.id, amount: 40 }),
      ).toMatchObject({ status: 'captured', capturedAmount: 40 });
      const next = await ledger.reserve({ keyId, amount: 50, ttlMs: 1_000 });
      expect((await store.ledger.balance(keyId)).reserved).toBe(800);
      await ledger.release(next.id);
      await ledger.close();
      await expectAtRest(keyId, 960);
    });

    it('should charge past a call’s hold only from free credits, never into other holds', async () => {
      const keyId = await newKey(1_000);
      const ledger = lease(store.ledger);
      const hold = await ledger.reserve({ keyId, amount: 50, ttlMs: HOUR });
      // Another caller holds all but 30 of what the slice left free.
      const other = await store.ledger.reserve({
        keyId,
        amount: 1_000 - 800 - 30,
        ttlMs: HOUR,
      });
      const captured = await ledger.capture({
        reservationId: hold.id,
        amount: 500,
      });
      // Its own 50, then 30 free; the slice's unused 750 and the other hold stay.
      expect(captured.capturedAmount).toBe(80);
      await store.ledger.release(other.id);
      await ledger.close();
      await expectAtRest(keyId, 920);
    });

    it('should hold unleased what no slice fits, and what a token or a job holds', async () => {
      const keyId = await newKey(1_000);
      const { view, counts } = counted(store.ledger);
      const ledger = lease(view);
      // 16 × 100 does not fit 1,000: the call holds its own 100.
      const hold = await ledger.reserve({ keyId, amount: 100, ttlMs: HOUR });
      expect(counts.reserve).toBe(2);
      expect((await store.ledger.balance(keyId)).reserved).toBe(100);
      const forJob = await ledger.reserve({
        keyId,
        amount: 1,
        ttlMs: HOUR,
        holder: 'job_1',
      });
      expect(await store.ledger.releaseHeldBy('job_1')).toBe(1);
      expect((await ledger.release(forJob.id)).status).toBe('released');
      await ledger.capture({ reservationId: hold.id, amount: 100 });
      await ledger.close();
      expect(await store.ledger.balance(keyId)).toMatchObject({
        balance: 900,
        reserved: 0,
      });
    });
  });
}
