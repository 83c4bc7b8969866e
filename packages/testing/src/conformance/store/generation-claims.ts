import { expect } from 'vitest';
import type { StoreHarness } from './harness';

/** An idempotency key: one caller of many takes it, per key id, until its call fails. */
export async function takesIdempotencyKeyOnce({
  store,
}: StoreHarness): Promise<void> {
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
}

/**
 * A lapsed claim on a call: taken over by one caller of many, never before
 * it lapses nor once the call ended.
 */
export async function takesOverLapsedClaimOnce(
  harness: StoreHarness,
): Promise<void> {
  const { store } = harness;
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
    expiresAt: harness.clock + 1_000,
  });
  const takeOver = (owner: string) =>
    store.generations.takeOver({ id: 'gen_lapsed', owner, ttlMs: 500 });
  // The claim holds: its owner may still be running the call.
  harness.clock += 999;
  expect(await takeOver('replica-b')).toBeUndefined();

  harness.clock += 1; // replica-a stopped: its claim has lapsed
  const owners = Array.from({ length: 12 }, (_, index) => `r-${index}`);
  const taken = await Promise.all(owners.map(takeOver));
  const winners = taken.filter((record) => record !== undefined);
  expect(winners).toHaveLength(1);
  const winner = winners[0];
  expect(winner).toMatchObject({
    id: 'gen_lapsed',
    status: 'in_flight',
    idempotencyKey: 'order-7',
    expiresAt: harness.clock + 500,
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
  harness.clock += 10_000;
  expect(await takeOver('replica-c')).toBeUndefined();
  expect(await store.generations.get('gen_lapsed')).toMatchObject({
    status: 'succeeded',
    owner: winner?.owner,
  });
}
