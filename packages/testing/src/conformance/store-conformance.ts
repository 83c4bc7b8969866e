import { SwitchyardError, type SwitchyardStore } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in test titles: `SQLite`, `PostgreSQL`. */
  name: string;
  /** Opens a fresh, empty store that reads time from `now`. */
  open(options: { now: () => number }): Promise<SwitchyardStore>;
}

async function failure(call: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await call.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error)) {
    throw new Error(`expected a SwitchyardError, got ${String(error)}`, {
      cause: error,
    });
  }
  return error;
}

/**
 * The suite every store implementation runs against a real database: API
 * keys stored hashed and revocable; reserve, capture and release that never
 * overdraw a key, never charge twice, and stay exact under concurrency; and
 * expired reservations released by the sweeper.
 */
export function describeStoreConformance(
  options: StoreConformanceOptions,
): void {
  describe(`${options.name} store conformance`, () => {
    let store: SwitchyardStore;
    let clock = 1_700_000_000_000;

    beforeAll(async () => {
      store = await options.open({ now: () => clock });
    });
    afterAll(() => store.close());

    describe('apiKeys', () => {
      it('should show a key once, store only its hash, and authenticate it until revoked', async () => {
        const { key, record } = await store.apiKeys.create({
          name: 'frontend',
        });
        expect(key).toMatch(/^sy_[\w-]{40,}$/);
        expect(record).toMatchObject({ name: 'frontend', createdAt: clock });
        expect(key.startsWith(record.prefix)).toBe(true);
        expect(await store.apiKeys.authenticate(key)).toEqual(record);
        expect(await store.apiKeys.authenticate(`${key}x`)).toBeUndefined();
        const listed = await store.apiKeys.list();
        expect(listed).toContainEqual(record);
        expect(JSON.stringify(listed)).not.toContain(key);

        expect(await store.apiKeys.revoke(record.id)).toBe(true);
        expect(await store.apiKeys.revoke(record.id)).toBe(false);
        expect(await store.apiKeys.authenticate(key)).toBeUndefined();
        expect(
          (await store.apiKeys.list()).find((item) => item.id === record.id)
            ?.revokedAt,
        ).toBe(clock);
        expect(await store.apiKeys.get(record.id)).toEqual({
          ...record,
          revokedAt: clock,
        });
        expect(await store.apiKeys.get('key_missing')).toBeUndefined();
      });
    });

    describe('generations', () => {
      it('should record a call and its result', async () => {
        const begun = await store.generations.begin({
          id: 'gen_record',
          keyId: 'key_a',
          requestHash: 'h1',
          route: 'text',
          owner: 'replica-a',
          ttlMs: 60_000,
        });
        expect(begun).toEqual({ created: true });
        expect(await store.generations.get('gen_record')).toMatchObject({
          status: 'in_flight',
          costMicroCredits: 0,
        });
        await store.generations.finish('gen_record', {
          status: 'succeeded',
          provider: 'local',
          model: 'echo',
          costMicroCredits: 12,
          result: { type: 'text', text: 'hi' },
        });
        expect(await store.generations.get('gen_record')).toMatchObject({
          status: 'succeeded',
          provider: 'local',
          costMicroCredits: 12,
          result: { type: 'text', text: 'hi' },
          finishedAt: clock,
        });
      });

      it('should record what a call cost beyond its charge, whichever way it is written', async () => {
        await store.generations.begin({
          id: 'gen_over_begun',
          keyId: 'key_over',
          requestHash: 'h_over_1',
          route: 'image',
          owner: 'replica-a',
          ttlMs: 60_000,
        });
        await store.generations.finish('gen_over_begun', {
          status: 'succeeded',
          provider: 'openai',
          model: 'dall-e-3',
          costMicroCredits: 40_000,
          unchargedMicroCredits: 760_000,
          result: { type: 'image' },
        });
        await store.generations.record({
          id: 'gen_over_once',
          keyId: 'key_over',
          requestHash: 'h_over_2',
          route: 'text',
          createdAt: clock,
          status: 'succeeded',
          provider: 'openai',
          model: 'gpt-4o',
          costMicroCredits: 12,
          unchargedMicroCredits: 250_000_000_000,
          result: { type: 'text' },
        });
        expect(await store.generations.get('gen_over_begun')).toMatchObject({
          costMicroCredits: 40_000,
          unchargedMicroCredits: 760_000,
        });
        const listed = await store.generations.list({
          keyId: 'key_over',
          limit: 10,
        });
        expect(
          listed.map((record) => [record.id, record.unchargedMicroCredits]),
        ).toEqual([
          ['gen_over_once', 250_000_000_000],
          ['gen_over_begun', 760_000],
        ]);
      });

      it('should record an ended call without an idempotency key in one step', async () => {
        await store.generations.record({
          id: 'gen_once',
          keyId: 'key_once',
          requestHash: 'h2',
          route: 'text',
          createdAt: clock - 5,
          status: 'succeeded',
          provider: 'local',
          model: 'echo',
          costMicroCredits: 7,
          result: { type: 'text', text: 'once' },
        });
        await store.generations.record({
          id: 'gen_once_failed',
          keyId: 'key_once',
          requestHash: 'h3',
          route: 'text',
          createdAt: clock,
          status: 'failed',
          errorCode: 'overloaded',
        });
        expect(await store.generations.get('gen_once')).toEqual({
          id: 'gen_once',
          keyId: 'key_once',
          requestHash: 'h2',
          route: 'text',
          status: 'succeeded',
          provider: 'local',
          model: 'echo',
          costMicroCredits: 7,
          unchargedMicroCredits: 0,
          result: { type: 'text', text: 'once' },
          createdAt: clock - 5,
          finishedAt: clock,
        });
        const listed = await store.generations.list({
          keyId: 'key_once',
          limit: 10,
        });
        expect(
          listed.map((item) => [item.id, item.status, item.errorCode]),
        ).toEqual([
          ['gen_once_failed', 'failed', 'overloaded'],
          ['gen_once', 'succeeded', undefined],
        ]);
      });

      it('should let exactly one of many concurrent calls take an idempotency key', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            store.generations.begin({
              id: `gen_race_${index}`,
              keyId: 'key_b',
              idempotencyKey: 'order-42',
              requestHash: 'h2',
              route: 'text',
              owner: 'replica-a',
              ttlMs: 60_000,
            }),
          ),
        );
        const created = outcomes.filter((outcome) => outcome.created);
        expect(created).toHaveLength(1);
        const winner = outcomes.findIndex((outcome) => outcome.created);
        for (const outcome of outcomes) {
          if (!outcome.created)
            expect(outcome.existing.id).toBe(`gen_race_${winner}`);
        }
        // The same idempotency key under another key id is another call.
        expect(
          await store.generations.begin({
            id: 'gen_other_key',
            keyId: 'key_c',
            idempotencyKey: 'order-42',
            requestHash: 'h2',
            route: 'text',
            owner: 'replica-a',
            ttlMs: 60_000,
          }),
        ).toEqual({ created: true });
        // A failed call frees its idempotency key for a retry.
        await store.generations.finish(`gen_race_${winner}`, {
          status: 'failed',
          errorCode: 'server_error',
        });
        expect(
          await store.generations.begin({
            id: 'gen_retry',
            keyId: 'key_b',
            idempotencyKey: 'order-42',
            requestHash: 'h2',
            route: 'text',
            owner: 'replica-a',
            ttlMs: 60_000,
          }),
        ).toEqual({ created: true });
      });

      it('should let exactly one of many callers take over a call whose claim lapsed, and none before', async () => {
        const begin = {
          id: 'gen_lapsed',
          keyId: 'key_lapsed',
          idempotencyKey: 'order-7',
          requestHash: 'h7',
          route: 'text',
          owner: 'replica-a',
          ttlMs: 1_000,
        };
        expect(await store.generations.begin(begin)).toEqual({
          created: true,
        });
        expect(await store.generations.get('gen_lapsed')).toMatchObject({
          status: 'in_flight',
          owner: 'replica-a',
          expiresAt: clock + 1_000,
        });
        const takeOver = (owner: string) =>
          store.generations.takeOver({ id: 'gen_lapsed', owner, ttlMs: 500 });
        // The claim holds: its owner may still be running the call.
        clock += 999;
        expect(await takeOver('replica-b')).toBeUndefined();

        clock += 1; // replica-a stopped: its claim has lapsed
        const owners = Array.from({ length: 12 }, (_, index) => `r-${index}`);
        const taken = await Promise.all(owners.map(takeOver));
        const winners = taken.filter((record) => record !== undefined);
        expect(winners).toHaveLength(1);
        const winner = winners[0];
        expect(winner).toMatchObject({
          id: 'gen_lapsed',
          status: 'in_flight',
          idempotencyKey: 'order-7',
          expiresAt: clock + 500,
        });
        expect(owners).toContain(winner?.owner);
        expect(await store.generations.get('gen_lapsed')).toEqual(winner);
        // The key still names the call, now the winner's.
        const again = await store.generations.begin({
          ...begin,
          id: 'gen_lapsed_retry',
        });
        expect(again).toEqual({ created: false, existing: winner });

        // The winner's claim holds in turn, and an ended call is never taken over.
        expect(await takeOver('replica-c')).toBeUndefined();
        await store.generations.finish('gen_lapsed', {
          status: 'succeeded',
          provider: 'local',
          model: 'echo',
          costMicroCredits: 3,
          result: { type: 'text', text: 'once' },
        });
        clock += 10_000;
        expect(await takeOver('replica-c')).toBeUndefined();
        expect(await store.generations.get('gen_lapsed')).toMatchObject({
          status: 'succeeded',
          owner: winner?.owner,
        });
      });

      it('should list a key’s calls newest first, a page at a time', async () => {
        for (let index = 0; index < 5; index += 1) {
          clock += 1;
          await store.generations.begin({
            id: `gen_page_${index}`,
            keyId: 'key_pages',
            requestHash: `h${index}`,
            route: 'image',
            owner: 'replica-a',
            ttlMs: 60_000,
          });
        }
        const first = await store.generations.list({
          keyId: 'key_pages',
          limit: 2,
        });
        expect(first.map((record) => record.id)).toEqual([
          'gen_page_4',
          'gen_page_3',
        ]);
        const last = first.at(-1);
        const second = await store.generations.list({
          keyId: 'key_pages',
          limit: 10,
          before: last && { createdAt: last.createdAt, id: last.id },
        });
        expect(second.map((record) => record.id)).toEqual([
          'gen_page_2',
          'gen_page_1',
          'gen_page_0',
        ]);
      });
    });

    describe('apiKeys limits', () => {
      it('should keep a key’s limits with it', async () => {
        const limits = {
          perMinute: 5,
          routes: ['image'],
          providers: ['local'],
        };
        const { key, record } = await store.apiKeys.create({
          name: 'limited',
          limits,
        });
        expect(record.limits).toEqual(limits);
        expect((await store.apiKeys.authenticate(key))?.limits).toEqual(limits);
      });
    });

    describe('ledger', () => {
      it('should reserve, capture the actual cost once, and release nothing after', async () => {
        const { record } = await store.apiKeys.create({
          name: 'a',
          credits: 1_000,
        });
        const reservation = await store.ledger.reserve({
          keyId: record.id,
          amount: 300,
          ttlMs: 60_000,
        });
        expect(await store.ledger.balance(record.id)).toEqual({
          keyId: record.id,
          balance: 1_000,
          reserved: 300,
          available: 700,
        });
        const captured = await store.ledger.capture({
          reservationId: reservation.id,
          amount: 250,
        });
        expect(captured).toMatchObject({
          status: 'captured',
          capturedAmount: 250,
        });
        const again = await store.ledger.capture({
          reservationId: reservation.id,
          amount: 250,
        });
        expect(again).toEqual(captured);
        expect((await store.ledger.release(reservation.id)).status).toBe(
          'captured',
        );
        expect(await store.ledger.balance(record.id)).toMatchObject({
          balance: 750,
          reserved: 0,
          available: 750,
        });
      });

      it('should never take a balance below zero, nor into other holds, however much a capture asks', async () => {
        const { record } = await store.apiKeys.create({
          name: 'overrun',
          credits: 1_000,
        });
        const first = await store.ledger.reserve({
          keyId: record.id,
          amount: 300,
          ttlMs: 5_000,
        });
        const other = await store.ledger.reserve({
          keyId: record.id,
          amount: 200,
          ttlMs: 60_000,
        });
        // Its hold (300) and the free 500; the other call's 200 stays held.
        const captured = await store.ledger.capture({
          reservationId: first.id,
          amount: 1_000_000,
        });
        expect(captured).toMatchObject({
          status: 'captured',
          capturedAmount: 800,
        });
        expect(await store.ledger.balance(record.id)).toEqual({
          keyId: record.id,
          balance: 200,
          reserved: 200,
          available: 0,
        });
        // A capture of a hold the sweeper freed takes only what is free.
        clock += 5_000;
        const late = await store.ledger.reserve({
          keyId: record.id,
          amount: 0,
          ttlMs: 1,
        });
        clock += 1;
        expect(await store.ledger.releaseExpired()).toBe(1);
        expect(
          await store.ledger.capture({ reservationId: late.id, amount: 50 }),
        ).toMatchObject({ capturedAmount: 0 });
        expect(
          await store.ledger.capture({ reservationId: other.id, amount: 900 }),
        ).toMatchObject({ capturedAmount: 200 });
        expect(await store.ledger.balance(record.id)).toEqual({
          keyId: record.id,
          balance: 0,
          reserved: 0,
          available: 0,
        });
      });

      it('should refuse a reservation larger than what is available, naming both, and change nothing', async () => {
        const { record } = await store.apiKeys.create({
          name: 'b',
          credits: 500,
        });
        await store.ledger.reserve({
          keyId: record.id,
          amount: 200,
          ttlMs: 60_000,
        });
        const error = await failure(
          store.ledger.reserve({
            keyId: record.id,
            amount: 301,
            ttlMs: 60_000,
          }),
        );
        expect(error.code).toBe('quota_exceeded');
        expect(error.message).toContain('300');
        expect(error.message).toContain('301');
        expect(await store.ledger.balance(record.id)).toMatchObject({
          balance: 500,
          reserved: 200,
        });
        const invalid = await failure(
          store.ledger.reserve({ keyId: record.id, amount: -5, ttlMs: 60_000 }),
        );
        expect(invalid.code).toBe('invalid_request');
      });

      it('should release a hold without charging', async () => {
        const { record } = await store.apiKeys.create({
          name: 'c',
          credits: 100,
        });
        const reservation = await store.ledger.reserve({
          keyId: record.id,
          amount: 100,
          ttlMs: 1,
        });
        expect((await store.ledger.release(reservation.id)).status).toBe(
          'released',
        );
        expect((await store.ledger.release(reservation.id)).status).toBe(
          'released',
        );
        expect(await store.ledger.balance(record.id)).toMatchObject({
          balance: 100,
          available: 100,
        });
      });

      it('should stay exact when many calls reserve and capture at once', async () => {
        const { record } = await store.apiKeys.create({
          name: 'busy',
          credits: 10_000,
        });
        const attempts = await Promise.allSettled(
          Array.from({ length: 60 }, () =>
            store.ledger.reserve({
              keyId: record.id,
              amount: 300,
              ttlMs: 60_000,
            }),
          ),
        );
        const held = attempts.flatMap((attempt) =>
          attempt.status === 'fulfilled' ? [attempt.value] : [],
        );
        expect(held).toHaveLength(33);
        // Every capture is sent twice at once: each must charge exactly once.
        await Promise.all(
          held.flatMap((reservation) => [
            store.ledger.capture({
              reservationId: reservation.id,
              amount: 100,
            }),
            store.ledger.capture({
              reservationId: reservation.id,
              amount: 100,
            }),
          ]),
        );
        expect(await store.ledger.balance(record.id)).toEqual({
          keyId: record.id,
          balance: 10_000 - 33 * 100,
          reserved: 0,
          available: 10_000 - 33 * 100,
        });
      });

      it('should release expired holds, and still charge a late capture exactly once', async () => {
        const { record } = await store.apiKeys.create({
          name: 'slow',
          credits: 1_000,
        });
        const reservation = await store.ledger.reserve({
          keyId: record.id,
          amount: 400,
          ttlMs: 5_000,
        });
        clock += 4_999;
        expect(await store.ledger.releaseExpired()).toBe(0);
        clock += 1;
        expect(await store.ledger.releaseExpired()).toBe(1);
        expect(await store.ledger.balance(record.id)).toMatchObject({
          reserved: 0,
          available: 1_000,
        });
        await store.ledger.capture({
          reservationId: reservation.id,
          amount: 150,
        });
        await store.ledger.capture({
          reservationId: reservation.id,
          amount: 150,
        });
        expect(await store.ledger.balance(record.id)).toMatchObject({
          balance: 850,
          reserved: 0,
          available: 850,
        });
      });
    });

    describe('jobs', () => {
      const input = { type: 'image', prompt: 'a fox' };

      it('should store a job queued, with its input, and list a key’s jobs newest first', async () => {
        const first = await store.jobs.create({
          id: 'job_list_1',
          keyId: 'key_jobs',
          input,
        });
        expect(first).toMatchObject({
          id: 'job_list_1',
          keyId: 'key_jobs',
          input,
          status: 'queued',
          cancelRequested: false,
          createdAt: clock,
        });
        clock += 1;
        await store.jobs.create({ id: 'job_list_2', keyId: 'key_jobs', input });
        await store.jobs.create({ id: 'job_other', keyId: 'key_x', input });
        const page = await store.jobs.list({ keyId: 'key_jobs', limit: 1 });
        expect(page.map((job) => job.id)).toEqual(['job_list_2']);
        const next = await store.jobs.list({
          keyId: 'key_jobs',
          limit: 5,
          before: page[0],
        });
        expect(next.map((job) => job.id)).toEqual(['job_list_1']);
      });

      it('should store one job for concurrent submits with one idempotency key, per key', async () => {
        const submits = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            store.jobs.create({
              id: `job_once_${n}`,
              keyId: 'key_once',
              input,
              idempotencyKey: 'submit-1',
              requestHash: 'hash-a',
            }),
          ),
        );
        const ids = new Set(submits.map((job) => job.id));
        expect(ids.size).toBe(1);
        expect(submits[0]).toMatchObject({
          idempotencyKey: 'submit-1',
          requestHash: 'hash-a',
        });
        expect(
          await store.jobs.list({ keyId: 'key_once', limit: 10 }),
        ).toHaveLength(1);
        const otherKey = await store.jobs.create({
          id: 'job_once_other',
          keyId: 'key_once_other',
          input,
          idempotencyKey: 'submit-1',
          requestHash: 'hash-a',
        });
        expect(otherKey.id).toBe('job_once_other');
      });

      it('should lease a job to one owner at a time, and to another once the lease expires', async () => {
        await store.jobs.create({ id: 'job_lease', keyId: 'key_jobs', input });
        const claims = await Promise.all(
          ['a', 'b', 'c'].map((owner) =>
            store.jobs.claim({ id: 'job_lease', owner, leaseMs: 1_000 }),
          ),
        );
        const winners = claims.filter((claim) => claim !== undefined);
        expect(winners).toHaveLength(1);
        const owner = winners[0]?.leaseOwner ?? '';
        const other = owner === 'a' ? 'b' : 'a';
        expect(
          await store.jobs.update({
            id: 'job_lease',
            owner: other,
            changes: { status: 'running' },
          }),
        ).toBe(false);
        expect(
          await store.jobs.update({
            id: 'job_lease',
            owner,
            changes: {
              status: 'running',
              target: 'fal:flux',
              providerTaskId: 't-1',
              abandonedTasks: [{ target: 'fal:flux-pro', taskId: 't-0' }],
              attempt: 2,
            },
          }),
        ).toBe(true);
        expect(
          (await store.jobs.listClaimable(10)).some(
            (job) => job.id === 'job_lease',
          ),
        ).toBe(false);

        clock += 1_001; // the owner died: its lease ran out
        expect(
          (await store.jobs.listClaimable(10)).map((job) => job.id),
        ).toContain('job_lease');
        expect(
          await store.jobs.renew({
            id: 'job_lease',
            owner: 'nobody',
            leaseMs: 10,
          }),
        ).toBe(false);
        const taken = await store.jobs.claim({
          id: 'job_lease',
          owner: other,
          leaseMs: 1_000,
        });
        expect(taken).toMatchObject({
          status: 'running',
          target: 'fal:flux',
          providerTaskId: 't-1',
          abandonedTasks: [{ target: 'fal:flux-pro', taskId: 't-0' }],
          attempt: 2,
          leaseOwner: other,
        });
        expect(
          await store.jobs.update({
            id: 'job_lease',
            owner: other,
            changes: { status: 'succeeded', result: { ok: true } },
          }),
        ).toBe(true);
        expect(await store.jobs.get('job_lease')).toMatchObject({
          status: 'succeeded',
          result: { ok: true },
          finishedAt: clock,
        });
        expect(await store.jobs.get('job_lease')).not.toHaveProperty(
          'leaseOwner',
        );
        // An ended job cannot be leased again.
        expect(
          await store.jobs.claim({ id: 'job_lease', owner, leaseMs: 1_000 }),
        ).toBeUndefined();
      });

      it('should record webhook deliveries in order and list ended jobs whose webhook is pending', async () => {
        await store.jobs.create({
          id: 'job_hook',
          keyId: 'key_jobs',
          input,
          webhookUrl: 'https://example.com/hook',
        });
        expect(await store.jobs.get('job_hook')).toMatchObject({
          webhookUrl: 'https://example.com/hook',
          webhookState: 'pending',
        });
        await store.jobs.claim({ id: 'job_hook', owner: 'w', leaseMs: 1_000 });
        await store.jobs.update({
          id: 'job_hook',
          owner: 'w',
          changes: { status: 'failed', errorCode: 'overloaded' },
        });
        expect(
          (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
        ).toContain('job_hook');
        const claims = await Promise.all(
          ['d1', 'd2', 'd3'].map((owner) =>
            store.jobs.claimWebhook({ id: 'job_hook', owner, leaseMs: 1_000 }),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(
          (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
        ).not.toContain('job_hook');
        clock += 1_001;
        expect(
          await store.jobs.claimWebhook({
            id: 'job_hook',
            owner: 'd4',
            leaseMs: 1_000,
          }),
        ).toBe(true);
        await store.jobs.recordDelivery({
          jobId: 'job_hook',
          attempt: 1,
          error: 'connect ECONNREFUSED',
          state: 'pending',
        });
        await store.jobs.recordDelivery({
          jobId: 'job_hook',
          attempt: 2,
          statusCode: 204,
          state: 'delivered',
        });
        expect(await store.jobs.listDeliveries('job_hook')).toEqual([
          {
            jobId: 'job_hook',
            attempt: 1,
            error: 'connect ECONNREFUSED',
            createdAt: clock,
          },
          { jobId: 'job_hook', attempt: 2, statusCode: 204, createdAt: clock },
        ]);
        expect(
          (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
        ).not.toContain('job_hook');
        expect(
          await store.jobs.claimWebhook({
            id: 'job_hook',
            owner: 'd4',
            leaseMs: 1_000,
          }),
        ).toBe(false);
      });

      it('should cancel a queued job at once, and flag a leased one for its owner', async () => {
        await store.jobs.create({
          id: 'job_cancel_q',
          keyId: 'key_jobs',
          input,
        });
        expect(await store.jobs.requestCancel('job_cancel_q')).toMatchObject({
          status: 'cancelled',
          errorCode: 'cancelled',
        });
        await store.jobs.create({
          id: 'job_cancel_r',
          keyId: 'key_jobs',
          input,
        });
        await store.jobs.claim({
          id: 'job_cancel_r',
          owner: 'o',
          leaseMs: 60_000,
        });
        await store.jobs.update({
          id: 'job_cancel_r',
          owner: 'o',
          changes: { status: 'running' },
        });
        expect(await store.jobs.requestCancel('job_cancel_r')).toMatchObject({
          status: 'running',
          cancelRequested: true,
        });
      });
    });
  });
}
