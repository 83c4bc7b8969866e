import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  clientWithKey,
  collectStream,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

const CONFIG = `
auth: { required: true }
providers:
  cheap: { use: ./priced-provider, price: 10 }
  other: { use: ./priced-provider, price: 10 }
  local: {}
routes:
  chat: { type: text, targets: ["local:echo"] }
  text: { targets: ["cheap:answer"] }
  premium: { type: text, targets: ["other:answer"] }
`;

describe('minted tokens', () => {
  let harness: TestServer;
  let clock = 1_800_000_000_000;
  const mintingKey = async (credits = 1_000_000) =>
    createKeyedClient(harness, { credits });
  const as = (token: string) => clientWithKey(harness.server.url, token);

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(CONFIG),
      now: () => clock,
    });
  });
  afterAll(() => harness.close());

  it("should serve a token's calls, charged to the minting key and recorded with the subject", async () => {
    const { id, client } = await mintingKey(1_000);
    const minted = await client.tokens.mint.mutate({
      subject: 'alice',
      ttlSeconds: 600,
    });
    expect(minted.expiresAt).toBe(clock + 600_000);
    const result = await as(minted.token).generate.mutate({
      type: 'text',
      prompt: 'hi',
    });
    expect(result.cost).toEqual({ microCredits: 10 });
    expect((await harness.store.ledger.balance(id)).balance).toBe(990);
    const record = await harness.store.generations.get(result.id);
    expect(record).toMatchObject({ keyId: id, subject: 'alice' });
    const history = await client.usage.history.query({ subject: 'alice' });
    expect(history.items.map((item) => item.id)).toEqual([result.id]);
    expect(history.items[0]?.subject).toBe('alice');
  });

  it('should refuse an expired token, a changed one and one signed elsewhere, each as unauthorized with its denial', async () => {
    const { client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({
      subject: 'bob',
      ttlSeconds: 60,
    });
    await as(token).generate.mutate({ type: 'text', prompt: 'hi' });
    clock += 60_000;
    const expired = await clientError(
      as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(expired.data).toMatchObject({
      trpcCode: 'UNAUTHORIZED',
      httpStatus: 401,
      denial: 'token_expired',
    });
    const [header, payload, signature] = token.split('.');
    const changedPayload = Buffer.from(
      Buffer.from(payload ?? '', 'base64url')
        .toString('utf8')
        .replace('"bob"', '"eve"'),
    ).toString('base64url');
    for (const forged of [
      `${header}.${changedPayload}.${signature}`,
      `${header}.${payload}.${'A'.repeat(signature?.length ?? 43)}`,
    ]) {
      const error = await clientError(
        as(forged).generate.mutate({ type: 'text', prompt: 'hi' }),
      );
      expect(error.data).toMatchObject({
        httpStatus: 401,
        denial: 'token_invalid',
      });
    }
  });

  it("should hold a token's credit cap across concurrent calls, and report its budget", async () => {
    const { id, client } = await mintingKey(1_000);
    const { token } = await client.tokens.mint.mutate({
      subject: 'carol',
      maxCredits: 50,
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
      ),
    );
    const served = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(served).toHaveLength(5);
    const refused = await clientError(
      as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(refused.data).toMatchObject({
      code: 'quota_exceeded',
      httpStatus: 402,
    });
    expect(refused.message).toContain("token's credit cap");
    expect((await harness.store.ledger.balance(id)).balance).toBe(950);
    const history = await client.usage.history.query({ subject: 'carol' });
    const succeeded = history.items.filter(
      (item) => item.status === 'succeeded',
    );
    expect(
      succeeded.reduce((sum, item) => sum + item.costMicroCredits, 0),
    ).toBe(50);
    expect(await as(token).usage.balance.query()).toMatchObject({
      balance: 0,
      available: 0,
      token: { subject: 'carol', maxCredits: 50, spent: 50, reserved: 0 },
    });
  });

  it('should refuse a route, a type or a provider the token does not allow', async () => {
    const { client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({
      subject: 'dan',
      routes: ['text'],
      types: ['text'],
      providers: ['cheap'],
    });
    await as(token).generate.mutate({ type: 'text', prompt: 'hi' });
    for (const call of [
      () =>
        as(token).generate.mutate({
          type: 'text',
          prompt: 'hi',
          route: 'premium',
        }),
      () => as(token).generate.mutate({ type: 'image', prompt: 'a fox' }),
      () =>
        as(token).generate.mutate({
          type: 'text',
          prompt: 'hi',
          provider: 'other',
        }),
    ]) {
      const error = await clientError(call());
      expect(error.data).toMatchObject({
        trpcCode: 'FORBIDDEN',
        denial: 'token_not_allowed',
      });
    }
  });

  it("should end a subject's tokens (or one session's) on revoke, and accept tokens minted after", async () => {
    const { client } = await mintingKey();
    const mint = (subject: string, session?: string) =>
      client.tokens.mint
        .mutate({ subject, session })
        .then((minted) => minted.token);
    const [erin, erinTab, frank] = [
      await mint('erin'),
      await mint('erin', 'tab-2'),
      await mint('frank'),
    ];
    const otherTab = await mint('frank', 'tab-1');
    clock += 1;
    await client.tokens.revoke.mutate({ subject: 'erin' });
    await client.tokens.revoke.mutate({ subject: 'frank', session: 'tab-1' });
    for (const token of [erin, erinTab, otherTab]) {
      const error = await clientError(
        as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
      );
      expect(error.data).toMatchObject({
        httpStatus: 401,
        denial: 'token_revoked',
      });
    }
    await as(frank).generate.mutate({ type: 'text', prompt: 'hi' });
    clock += 1;
    await as(await mint('erin')).generate.mutate({
      type: 'text',
      prompt: 'hi',
    });
  });

  it('should stop every token of a revoked key once its record is read again', async () => {
    const { id, client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({ subject: 'gina' });
    await as(token).generate.mutate({ type: 'text', prompt: 'hi' });
    await harness.store.apiKeys.revoke(id);
    clock += 1_000;
    const error = await clientError(
      as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({ denial: 'token_revoked' });
  });

  it('should serve a single-use token once', async () => {
    const { client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({
      subject: 'hal',
      singleUse: true,
    });
    const calls = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
      ),
    );
    expect(calls.filter((call) => call.status === 'fulfilled')).toHaveLength(1);
    const error = await clientError(
      as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({ denial: 'token_used' });
  });

  it('should count a token’s own rate limit per subject, on top of the key’s', async () => {
    const { client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({
      subject: 'ivy',
      rateLimit: { perMinute: 2 },
    });
    const { token: again } = await client.tokens.mint.mutate({
      subject: 'ivy',
      rateLimit: { perMinute: 2 },
    });
    await as(token).generate.mutate({ type: 'text', prompt: 'hi' });
    await as(again).generate.mutate({ type: 'text', prompt: 'hi' });
    const error = await clientError(
      as(token).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({ code: 'rate_limited' });
    expect(error.message).toContain("token's limit of 2 calls per minute");
    await client.generate.mutate({
      type: 'text',
      prompt: 'the key still works',
    });
  });

  it("should let a token see only its own subject's calls and jobs, and never mint or revoke", async () => {
    const { client } = await mintingKey();
    const jack = as(
      (await client.tokens.mint.mutate({ subject: 'jack' })).token,
    );
    const kate = as(
      (await client.tokens.mint.mutate({ subject: 'kate' })).token,
    );
    const jacks = await jack.generate.mutate({ type: 'text', prompt: 'hi' });
    await kate.generate.mutate({ type: 'text', prompt: 'hi' });
    const seen = await jack.generations.list.query({ subject: 'kate' });
    expect(seen.items.map((item) => item.id)).toEqual([jacks.id]);
    const job = await jack.jobs.submit.mutate({ type: 'text', prompt: 'hi' });
    expect((await jack.jobs.get.query({ id: job.id })).subject).toBe('jack');
    const hidden = await clientError(kate.jobs.get.query({ id: job.id }));
    expect(hidden.data).toMatchObject({ trpcCode: 'NOT_FOUND' });
    expect((await kate.jobs.list.query({})).items).toEqual([]);
    const minting = await clientError(
      jack.tokens.mint.mutate({ subject: 'jack' }),
    );
    expect(minting.data).toMatchObject({ trpcCode: 'FORBIDDEN' });
    const revoking = await clientError(
      jack.tokens.revoke.mutate({ subject: 'kate' }),
    );
    expect(revoking.data).toMatchObject({ trpcCode: 'FORBIDDEN' });
  });

  it('should keep two subjects’ idempotency keys apart', async () => {
    const { client } = await mintingKey();
    const lou = as((await client.tokens.mint.mutate({ subject: 'lou' })).token);
    const max = as((await client.tokens.mint.mutate({ subject: 'max' })).token);
    const input = { type: 'text', prompt: 'hi', idempotencyKey: 'k1' } as const;
    const first = await lou.generate.mutate(input);
    const other = await max.generate.mutate(input);
    expect(other.id).not.toBe(first.id);
    expect((await lou.generate.mutate(input)).id).toBe(first.id);
  });

  it('should stream text with a token, charged and recorded with the subject', async () => {
    const { client } = await mintingKey();
    const { token } = await client.tokens.mint.mutate({ subject: 'nora' });
    const events = await collectStream(
      harness.server.url,
      { type: 'text', prompt: 'hi', route: 'chat' },
      token,
    );
    expect(events.at(-1)).toMatchObject({ type: 'end' });
    const history = await client.usage.history.query({ subject: 'nora' });
    expect(history.items).toHaveLength(1);
  });
});
