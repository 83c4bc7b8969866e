import { describe, expect, it } from 'vitest';
import {
  takesIdempotencyKeyOnce,
  takesOverLapsedClaimOnce,
} from './generation-claims';
import type { StoreHarness } from './harness';

/** Generation records: written, listed a page at a time, and claimed by idempotency key. */
export function describeGenerations(harness: StoreHarness): void {
  describe('generations', () => {
    it('should record a call and its result', () =>
      recordsCallAndResult(harness));
    it('should record what a call cost beyond its charge, whichever way it is written', () =>
      recordsUnchargedCost(harness));
    it('should record an ended call without an idempotency key in one step', () =>
      recordsEndedCallInOneStep(harness));
    it('should let exactly one of many concurrent calls take an idempotency key', () =>
      takesIdempotencyKeyOnce(harness));
    it('should let exactly one of many callers take over a call whose claim lapsed, and none before', () =>
      takesOverLapsedClaimOnce(harness));
    it('should list a key’s calls newest first, a page at a time', () =>
      listsCallsNewestFirst(harness));
  });
}

async function recordsCallAndResult(harness: StoreHarness): Promise<void> {
  const { store } = harness;
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
    finishedAt: harness.clock,
  });
}

async function recordsUnchargedCost(harness: StoreHarness): Promise<void> {
  const { store } = harness;
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
    createdAt: harness.clock,
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
}

async function recordsEndedCallInOneStep(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  await store.generations.record({
    id: 'gen_once',
    keyId: 'key_once',
    requestHash: 'h2',
    route: 'text',
    createdAt: harness.clock - 5,
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
    createdAt: harness.clock,
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
    createdAt: harness.clock - 5,
    finishedAt: harness.clock,
  });
  const listed = await store.generations.list({
    keyId: 'key_once',
    limit: 10,
  });
  expect(listed.map((item) => [item.id, item.status, item.errorCode])).toEqual([
    ['gen_once_failed', 'failed', 'overloaded'],
    ['gen_once', 'succeeded', undefined],
  ]);
}

async function listsCallsNewestFirst(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  for (let index = 0; index < 5; index += 1) {
    harness.clock += 1;
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
}
