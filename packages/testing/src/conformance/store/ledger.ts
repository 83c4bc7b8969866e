import { describe, expect, it } from 'vitest';
import { failure, type StoreHarness } from './harness';

/**
 * The credit ledger: reserve, capture and release never overdraw a key,
 * never charge twice, and stay exact under concurrency; the sweeper frees
 * expired holds.
 */
export function describeLedger(harness: StoreHarness): void {
  describe('ledger', () => {
    it('should reserve, capture the actual cost once, and release nothing after', () =>
      capturesOnce(harness));
    it('should never take a balance below zero, nor into other holds, however much a capture asks', () =>
      neverOverdraws(harness));
    it('should refuse a reservation larger than what is available, naming both, and change nothing', () =>
      refusesOversizedReservation(harness));
    it('should release a hold without charging', () =>
      releasesWithoutCharging(harness));
    it('should stay exact when many calls reserve and capture at once', () =>
      staysExactUnderConcurrency(harness));
    it('should release expired holds, and still charge a late capture exactly once', () =>
      releasesExpiredHolds(harness));
    it('should free the holds a job’s dead run left, and only those', () =>
      releasesAJobsHolds(harness));
  });
}

async function capturesOnce({ store }: StoreHarness): Promise<void> {
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
  expect((await store.ledger.release(reservation.id)).status).toBe('captured');
  expect(await store.ledger.balance(record.id)).toMatchObject({
    balance: 750,
    reserved: 0,
    available: 750,
  });
}

async function neverOverdraws(harness: StoreHarness): Promise<void> {
  const { store } = harness;
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
  harness.clock += 5_000;
  const late = await store.ledger.reserve({
    keyId: record.id,
    amount: 0,
    ttlMs: 1,
  });
  harness.clock += 1;
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
}

async function refusesOversizedReservation({
  store,
}: StoreHarness): Promise<void> {
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
}

async function releasesWithoutCharging({ store }: StoreHarness): Promise<void> {
  const { record } = await store.apiKeys.create({
    name: 'c',
    credits: 100,
  });
  const reservation = await store.ledger.reserve({
    keyId: record.id,
    amount: 100,
    ttlMs: 1,
  });
  expect((await store.ledger.release(reservation.id)).status).toBe('released');
  expect((await store.ledger.release(reservation.id)).status).toBe('released');
  expect(await store.ledger.balance(record.id)).toMatchObject({
    balance: 100,
    available: 100,
  });
}

async function staysExactUnderConcurrency({
  store,
}: StoreHarness): Promise<void> {
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
}

async function releasesExpiredHolds(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { record } = await store.apiKeys.create({
    name: 'slow',
    credits: 1_000,
  });
  const reservation = await store.ledger.reserve({
    keyId: record.id,
    amount: 400,
    ttlMs: 5_000,
  });
  harness.clock += 4_999;
  expect(await store.ledger.releaseExpired()).toBe(0);
  harness.clock += 1;
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
}

async function releasesAJobsHolds({ store }: StoreHarness): Promise<void> {
  const { record } = await store.apiKeys.create({
    name: 'jobs',
    credits: 1_000,
  });
  const reserve = (amount: number, holder?: string) =>
    store.ledger.reserve({
      keyId: record.id,
      amount,
      ttlMs: 3_600_000,
      ...(holder === undefined ? {} : { holder }),
    });
  // A dead run of job_a held 300 in two holds, one of them captured already;
  // job_b's and a plain call's holds belong to others.
  const left = await reserve(200, 'job_a');
  const captured = await reserve(100, 'job_a');
  await store.ledger.capture({ reservationId: captured.id, amount: 60 });
  await reserve(250, 'job_b');
  await reserve(50);
  expect(await store.ledger.releaseHeldBy('job_a')).toBe(1);
  expect(await store.ledger.balance(record.id)).toEqual({
    keyId: record.id,
    balance: 940,
    reserved: 300,
    available: 640,
  });
  // Again: nothing left to free; a late capture of the freed hold charges once.
  expect(await store.ledger.releaseHeldBy('job_a')).toBe(0);
  await store.ledger.capture({ reservationId: left.id, amount: 20 });
  expect(await store.ledger.balance(record.id)).toMatchObject({
    balance: 920,
    reserved: 300,
  });
}
