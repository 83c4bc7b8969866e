import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  clientWithKey,
  configFromYaml,
  createCapturingLogger,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

const CONFIG = `
auth: { required: true }
providers: { local: {} }
routes:
  text: { targets: ["local:echo"] }
  chat: { type: text, targets: ["local:echo"] }
`;

describe('admin.keys', { timeout: 30_000 }, () => {
  let harness: TestServer;
  const { logger, lines } = createCapturingLogger('info');
  let adminKey: string;
  const as = (key: string) => clientWithKey(harness.server.url, key);
  const admin = () => as(adminKey);

  beforeAll(async () => {
    harness = await startTestServer({ config: configFromYaml(CONFIG), logger });
    ({ key: adminKey } = await harness.store.apiKeys.create({
      name: 'ops',
      role: 'admin',
    }));
  });
  afterAll(() => harness.close());

  it('should create a key shown once that works at once, and list it with its role, limits and credits but never the key', async () => {
    const created = await admin().admin.keys.create.mutate({
      name: 'frontend',
      credits: 5_000,
      limits: { perHour: 100, routes: ['text'] },
    });
    expect(created.key).toMatch(/^sy_/);
    expect(created.record).toMatchObject({
      name: 'frontend',
      role: 'user',
      limits: { perHour: 100, routes: ['text'] },
    });
    expect(await as(created.key).auth.whoami.query()).toEqual({
      kind: 'key',
      keyId: created.record.id,
      name: 'frontend',
      role: 'user',
    });
    await as(created.key).generate.mutate({ type: 'text', prompt: 'hi' });

    const { keys } = await admin().admin.keys.list.query();
    expect(keys.find((key) => key.id === created.record.id)).toEqual({
      ...created.record,
      balance: { balance: 5_000, reserved: 0, available: 5_000 },
    });
    expect(keys.find((key) => key.name === 'ops')?.role).toBe('admin');
    expect(JSON.stringify(keys)).not.toContain(created.key);
    expect(JSON.stringify(keys)).not.toContain(adminKey);
  });

  it('should create an admin key that may manage keys in turn', async () => {
    const created = await admin().admin.keys.create.mutate({
      name: 'second admin',
      role: 'admin',
      limits: {},
    });
    expect(created.record.role).toBe('admin');
    expect(created.record).not.toHaveProperty('limits');
    expect((await as(created.key).auth.whoami.query()).role).toBe('admin');
    const { keys } = await as(created.key).admin.keys.list.query();
    expect(keys.map((key) => key.id)).toContain(created.record.id);
  });

  it("should top up a key's credits, seen in that key's usage.balance, and log it without the key", async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'app',
      credits: 100,
    });
    const toppedUp = await admin().admin.keys.topUp.mutate({
      id: record.id,
      amount: 2_500,
    });
    expect(toppedUp).toEqual({
      keyId: record.id,
      balance: 2_600,
      reserved: 0,
      available: 2_600,
    });
    expect(await as(key).usage.balance.query()).toEqual({
      balance: 2_600,
      reserved: 0,
      available: 2_600,
    });
    const logged = lines.filter((line) => line.includes('api key topped up'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(record.id);
    expect(lines.join('')).not.toContain(key);
    expect(lines.join('')).not.toContain(adminKey);
  });

  it('should refuse a top-up that is not a positive whole amount, of an unknown key or of a revoked one, changing nothing', async () => {
    const { record } = await harness.store.apiKeys.create({
      name: 'steady',
      credits: 10,
    });
    for (const amount of [0, -5, 1.5, Number.MAX_SAFE_INTEGER]) {
      const error = await clientError(
        admin().admin.keys.topUp.mutate({ id: record.id, amount }),
      );
      expect(error.data?.trpcCode, String(amount)).toBe('BAD_REQUEST');
    }
    const unknown = await clientError(
      admin().admin.keys.topUp.mutate({ id: 'key_missing', amount: 5 }),
    );
    expect(unknown.data?.trpcCode).toBe('NOT_FOUND');
    expect((await harness.store.ledger.balance(record.id)).balance).toBe(10);

    await harness.store.apiKeys.revoke(record.id);
    const revoked = await clientError(
      admin().admin.keys.topUp.mutate({ id: record.id, amount: 5 }),
    );
    expect(revoked.data?.trpcCode).toBe('BAD_REQUEST');
    expect((await harness.store.ledger.balance(record.id)).balance).toBe(10);
  });

  it('should apply new limits from the next call: a perMinute of 1 rate limits the second call', async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'busy',
      credits: 1_000,
      limits: { perMinute: 5 },
    });
    const client = as(key);
    for (let call = 0; call < 3; call += 1) {
      await client.generate.mutate({ type: 'text', prompt: 'hi' });
    }
    const updated = await admin().admin.keys.setLimits.mutate({
      id: record.id,
      limits: { perMinute: 1, routes: ['text'] },
    });
    expect(updated).toEqual({
      ...record,
      limits: { perMinute: 1, routes: ['text'] },
    });
    // The three calls made under the old limit count against the new one.
    const limited = await clientError(
      client.generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(limited.data).toMatchObject({ code: 'rate_limited' });

    const cleared = await admin().admin.keys.setLimits.mutate({
      id: record.id,
      limits: null,
    });
    expect(cleared).not.toHaveProperty('limits');
    await client.generate.mutate({ type: 'text', prompt: 'hi', route: 'chat' });
  });

  it('should apply a per-minute limit to a fresh key from its second call', async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'fresh',
      credits: 1_000,
    });
    await admin().admin.keys.setLimits.mutate({
      id: record.id,
      limits: { perMinute: 1 },
    });
    await as(key).generate.mutate({ type: 'text', prompt: 'hi' });
    const limited = await clientError(
      as(key).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(limited.data).toMatchObject({ code: 'rate_limited' });
  });

  it('should refuse bad limits with BAD_REQUEST and an unknown key with NOT_FOUND, changing nothing', async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'kept',
      limits: { perDay: 50 },
    });
    for (const limits of [
      { perMinute: 0 },
      { perHour: 2.5 },
      { routes: [''] },
      { perMinute: 5, unknownLimit: 1 },
    ]) {
      const error = await clientError(
        admin().admin.keys.setLimits.mutate({
          id: record.id,
          limits,
        }),
      );
      expect(error.data?.trpcCode, JSON.stringify(limits)).toBe('BAD_REQUEST');
    }
    const unknown = await clientError(
      admin().admin.keys.setLimits.mutate({
        id: 'key_missing',
        limits: { perMinute: 5 },
      }),
    );
    expect(unknown.data?.trpcCode).toBe('NOT_FOUND');
    expect((await harness.store.apiKeys.authenticate(key))?.limits).toEqual({
      perDay: 50,
    });
  });

  it('should revoke a key, which is refused from its next call, and log it without the key', async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'leaked',
      credits: 1_000,
    });
    await as(key).generate.mutate({ type: 'text', prompt: 'hi' });
    expect(await admin().admin.keys.revoke.mutate({ id: record.id })).toEqual({
      revoked: true,
    });
    const refused = await clientError(
      as(key).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(refused.data?.httpStatus).toBe(401);
    expect(await admin().admin.keys.revoke.mutate({ id: record.id })).toEqual({
      revoked: false,
    });
    const { keys } = await admin().admin.keys.list.query();
    expect(
      keys.find((listed) => listed.id === record.id)?.revokedAt,
    ).toBeGreaterThan(0);
    const logged = lines.filter((line) => line.includes('api key revoked'));
    expect(logged.some((line) => line.includes(record.id))).toBe(true);
    expect(lines.join('')).not.toContain(key);
  });

  it('should refuse every admin procedure to a user key and to a token an admin key minted, with FORBIDDEN saying how to make an admin key', async () => {
    const user = await harness.store.apiKeys.create({
      name: 'user',
      credits: 100,
    });
    const { token } = await admin().tokens.mint.mutate({ subject: 'alice' });
    expect(await as(token).auth.whoami.query()).toMatchObject({
      kind: 'token',
      role: 'user',
      subject: 'alice',
    });
    for (const caller of [user.key, token]) {
      const calls = adminCalls(as(caller), user.record.id);
      for (const [name, call] of Object.entries(calls)) {
        const error = await clientError(call());
        expect(error.data?.trpcCode, name).toBe('FORBIDDEN');
        expect(error.message).toContain('admin API key');
        expect(error.message).toContain('switchyard keys create');
        expect(error.message).toContain('--admin');
      }
    }
    // Nothing changed.
    expect(await harness.store.apiKeys.get(user.record.id)).toEqual(
      user.record,
    );
    expect((await harness.store.ledger.balance(user.record.id)).balance).toBe(
      100,
    );
  });
});

/** One call of each admin procedure, as `client`, on `keyId`. */
function adminCalls(
  client: ReturnType<typeof clientWithKey>,
  keyId: string,
): Record<string, () => Promise<unknown>> {
  return {
    create: () => client.admin.keys.create.mutate({ name: 'x', role: 'admin' }),
    list: () => client.admin.keys.list.query(),
    revoke: () => client.admin.keys.revoke.mutate({ id: keyId }),
    topUp: () => client.admin.keys.topUp.mutate({ id: keyId, amount: 1 }),
    setLimits: () =>
      client.admin.keys.setLimits.mutate({
        id: keyId,
        limits: { perMinute: 1 },
      }),
  };
}

describe('admin.keys and minted tokens', { timeout: 30_000 }, () => {
  let harness: TestServer;
  // Frozen: a key record the token path cached would stay fresh all test.
  const clock = 1_800_000_000_000;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(CONFIG),
      now: () => clock,
    });
  });
  afterAll(() => harness.close());

  it("should hold a token to its key's new limits and revocation from its next call on this replica", async () => {
    const { key: adminKey } = await harness.store.apiKeys.create({
      name: 'ops',
      role: 'admin',
    });
    const admin = clientWithKey(harness.server.url, adminKey);
    const app = await harness.store.apiKeys.create({
      name: 'app',
      credits: 1_000,
    });
    const { token } = await clientWithKey(
      harness.server.url,
      app.key,
    ).tokens.mint.mutate({ subject: 'alice' });
    const asAlice = clientWithKey(harness.server.url, token);
    await asAlice.generate.mutate({ type: 'text', prompt: 'hi' });

    await admin.admin.keys.setLimits.mutate({
      id: app.record.id,
      limits: { routes: ['chat'] },
    });
    const refused = await clientError(
      asAlice.generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(refused.data?.trpcCode).toBe('FORBIDDEN');
    await asAlice.generate.mutate({
      type: 'text',
      prompt: 'hi',
      route: 'chat',
    });

    await admin.admin.keys.revoke.mutate({ id: app.record.id });
    const revoked = await clientError(
      asAlice.generate.mutate({ type: 'text', prompt: 'hi', route: 'chat' }),
    );
    expect(revoked.data?.httpStatus).toBe(401);
  });
});

describe('admin.keys without auth.required', { timeout: 30_000 }, () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(
        'providers: { local: {} }\nroutes: { text: { targets: ["local:echo"] } }\n',
      ),
    });
  });
  afterAll(() => harness.close());

  it('should refuse a call without a key with FORBIDDEN, and whoami says anonymous', async () => {
    const { record } = await harness.store.apiKeys.create({ name: 'user' });
    expect(await harness.client.auth.whoami.query()).toEqual({
      kind: 'anonymous',
      role: 'user',
    });
    for (const [name, call] of Object.entries(
      adminCalls(harness.client, record.id),
    )) {
      const error = await clientError(call());
      expect(error.data?.trpcCode, name).toBe('FORBIDDEN');
      expect(error.message).toContain('no key');
    }
    expect((await harness.store.apiKeys.list()).map((key) => key.id)).toEqual([
      record.id,
    ]);
  });
});
