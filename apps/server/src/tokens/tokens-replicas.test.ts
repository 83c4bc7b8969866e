import { createSqlStore } from '@switchyard/store-sql';
import type { SwitchyardStore } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientError,
  clientWithKey,
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

const CONFIG = `
auth: { required: true }
tokens: { revocationRefreshMs: 50 }
providers:
  local: {}
routes:
  text: { targets: ["local:echo"] }
`;

describe('minted tokens across replicas on one store', () => {
  let store: SwitchyardStore;
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    store = await createSqlStore({ url: 'sqlite::memory:' });
    first = await startTestServer({ config: configFromYaml(CONFIG), store });
    second = await startTestServer({ config: configFromYaml(CONFIG), store });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await store.close();
  });

  it("should accept one replica's token on another, and refuse it there once revoked", async () => {
    const { key } = await store.apiKeys.create({ name: 'app', credits: 1_000 });
    const backend = clientWithKey(first.server.url, key);
    const { token } = await backend.tokens.mint.mutate({ subject: 'ann' });
    const elsewhere = clientWithKey(second.server.url, token);
    await elsewhere.generate.mutate({ type: 'text', prompt: 'hi' });
    await backend.tokens.revoke.mutate({ subject: 'ann' });
    // The other replica reads revocations every 50 ms: wait for it, boundedly.
    await vi.waitFor(
      async () => {
        const error = await clientError(
          elsewhere.generate.mutate({ type: 'text', prompt: 'hi' }),
        );
        expect(error.data).toMatchObject({ denial: 'token_revoked' });
      },
      { timeout: 4_000, interval: 25 },
    );
  });

  it('should refuse a token signed with another secret', async () => {
    const other = await startTestServer({
      config: configFromYaml(
        `${CONFIG}\n`.replace(
          'tokens: { revocationRefreshMs: 50 }',
          'tokens: { secret: "a-secret-of-at-least-thirty-two-characters" }',
        ),
      ),
    });
    try {
      const { key } = await other.store.apiKeys.create({ name: 'app' });
      const { token } = await clientWithKey(
        other.server.url,
        key,
      ).tokens.mint.mutate({ subject: 'ann' });
      const error = await clientError(
        clientWithKey(first.server.url, token).generate.mutate({
          type: 'text',
          prompt: 'hi',
        }),
      );
      expect(error.data).toMatchObject({ denial: 'token_invalid' });
    } finally {
      await other.close();
    }
  });
});
