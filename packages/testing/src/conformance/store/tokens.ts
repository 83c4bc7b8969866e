import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failure, type StoreHarness } from './harness';

/**
 * Minted tokens: a token's credit cap holds across concurrent calls and
 * after captures, single use is once, revocations are listed from a time,
 * the signing secret is one for every caller, and records and jobs keep the
 * subject apart.
 */
export function describeTokens(harness: StoreHarness): void {
  describe('tokens', () => {
    it("should never let concurrent holds pass a token's credit cap, and charge within it", () =>
      capHoldsUnderConcurrency(harness));
    it('should free a released hold on the token, and never capture past its cap', () =>
      releaseAndLateCapture(harness));
    it('should mark a single-use token used exactly once, however many ask at once', () =>
      singleUseOnce(harness));
    it('should list revocations from a time, and share one signing secret', () =>
      revocationsAndSecret(harness));
    it('should keep subjects apart: records, listings and idempotency keys', () =>
      subjectsApart(harness));
  });
}

async function keyWithToken(
  { store, clock }: StoreHarness,
  options: { credits: number; maxCredits?: number; subject?: string },
) {
  const { record } = await store.apiKeys.create({
    name: 'app',
    credits: options.credits,
  });
  const token = await store.tokens.create({
    id: `tok_${randomUUID()}`,
    keyId: record.id,
    subject: options.subject ?? 'user-1',
    maxCredits: options.maxCredits,
    expiresAt: clock + 60_000,
  });
  return { keyId: record.id, tokenId: token.id };
}

async function capHoldsUnderConcurrency(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { keyId, tokenId } = await keyWithToken(harness, {
    credits: 1_000_000,
    maxCredits: 1_000,
  });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 12 }, () =>
      store.ledger.reserve({ keyId, amount: 300, ttlMs: 60_000, tokenId }),
    ),
  );
  const held = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  expect(held).toHaveLength(3);
  const refused = outcomes.find((outcome) => outcome.status === 'rejected');
  expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
    code: 'quota_exceeded',
  });
  for (const hold of held) {
    expect(hold.tokenId).toBe(tokenId);
    await store.ledger.capture({ reservationId: hold.id, amount: 250 });
  }
  expect(await store.tokens.get(tokenId)).toMatchObject({
    spent: 750,
    reserved: 0,
    maxCredits: 1_000,
  });
  expect((await store.ledger.balance(keyId)).balance).toBe(1_000_000 - 750);
  const over = await failure(
    store.ledger.reserve({ keyId, amount: 251, ttlMs: 60_000, tokenId }),
  );
  expect(over.code).toBe('quota_exceeded');
  expect(over.message).toContain('250 of its 1000');
  expect((await store.ledger.balance(keyId)).reserved).toBe(0);
}

async function releaseAndLateCapture(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { keyId, tokenId } = await keyWithToken(harness, {
    credits: 10_000,
    maxCredits: 500,
  });
  const first = await store.ledger.reserve({
    keyId,
    amount: 400,
    ttlMs: 1_000,
    tokenId,
  });
  await store.ledger.release(first.id);
  expect(await store.tokens.get(tokenId)).toMatchObject({ reserved: 0 });
  const second = await store.ledger.reserve({
    keyId,
    amount: 400,
    ttlMs: 1_000,
    tokenId,
  });
  harness.clock += 2_000;
  expect(await store.ledger.releaseExpired()).toBeGreaterThanOrEqual(1);
  // A capture after the sweeper freed the hold charges once, within the cap.
  const third = await store.ledger.reserve({
    keyId,
    amount: 300,
    ttlMs: 60_000,
    tokenId,
  });
  await store.ledger.capture({ reservationId: third.id, amount: 300 });
  const late = await store.ledger.capture({
    reservationId: second.id,
    amount: 400,
  });
  expect(late.capturedAmount).toBe(200);
  expect(await store.tokens.get(tokenId)).toMatchObject({
    spent: 500,
    reserved: 0,
  });
}

async function singleUseOnce(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { tokenId } = await keyWithToken(harness, { credits: 0 });
  const uses = await Promise.all(
    Array.from({ length: 8 }, () => store.tokens.use(tokenId)),
  );
  expect(uses.filter(Boolean)).toHaveLength(1);
  expect(await store.tokens.use(tokenId)).toBe(false);
  expect(await store.tokens.use('tok_none')).toBe(false);
}

async function revocationsAndSecret(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const since = harness.clock + 1;
  harness.clock += 10;
  const whole = await store.tokens.revoke({ keyId: 'key_a', subject: 'u1' });
  harness.clock += 10;
  const one = await store.tokens.revoke({
    keyId: 'key_a',
    subject: 'u2',
    session: 's1',
  });
  expect(whole).toEqual({
    keyId: 'key_a',
    subject: 'u1',
    revokedAt: since + 9,
  });
  expect(await store.tokens.listRevocations(since)).toEqual([whole, one]);
  expect(await store.tokens.listRevocations(one.revokedAt)).toEqual([one]);
  const secrets = await Promise.all([
    store.tokens.signingSecret(),
    store.tokens.signingSecret(),
  ]);
  expect(secrets[0]).toHaveLength(32);
  expect(Buffer.from(secrets[1]).equals(Buffer.from(secrets[0]))).toBe(true);
}

async function subjectsApart(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const { record } = await store.apiKeys.create({ name: 'app' });
  const keyId = record.id;
  const begin = (subject: string | undefined) =>
    store.generations.begin({
      id: `gen_${randomUUID()}`,
      keyId,
      subject,
      idempotencyKey: 'same-key',
      requestHash: 'h',
      route: 'image',
      owner: 'p1',
      ttlMs: 60_000,
    });
  expect(await begin('alice')).toEqual({ created: true });
  expect(await begin('bob')).toEqual({ created: true });
  expect(await begin(undefined)).toEqual({ created: true });
  const repeat = await begin('alice');
  expect(repeat.created === false && repeat.existing.subject).toBe('alice');
  const alice = await store.generations.list({
    keyId,
    subject: 'alice',
    limit: 10,
  });
  expect(alice.map((item) => item.subject)).toEqual(['alice']);
  expect(await store.generations.list({ keyId, limit: 10 })).toHaveLength(3);
  const token = await store.tokens.create({
    id: `tok_${randomUUID()}`,
    keyId,
    subject: 'alice',
    providers: ['local'],
    expiresAt: harness.clock + 60_000,
  });
  expect(await store.tokens.get(token.id)).toMatchObject({
    subject: 'alice',
    providers: ['local'],
    spent: 0,
  });
  const job = (subject: string) =>
    store.jobs.create({
      id: `job_${randomUUID()}`,
      keyId,
      subject,
      tokenId: token.id,
      input: { type: 'image', prompt: 'a fox' },
      idempotencyKey: 'same-job',
    });
  const [a, b] = [await job('alice'), await job('bob')];
  expect(a.id).not.toBe(b.id);
  expect(await store.jobs.get(a.id)).toMatchObject({
    subject: 'alice',
    tokenId: token.id,
  });
  expect(
    (await store.jobs.list({ keyId, subject: 'bob', limit: 10 })).map(
      (item) => item.id,
    ),
  ).toEqual([b.id]);
}
