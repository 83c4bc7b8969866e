import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import type { AppRouter } from './router';

describe('API keys on a gateway with auth.required', () => {
  let harness: TestServer;
  const clientWith = (key?: string) =>
    createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${harness.server.url}/trpc`,
          headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
        }),
      ],
    });

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
  });
  afterAll(() => harness.close());

  it('should refuse a call without a key with UNAUTHORIZED, saying how to send one', async () => {
    const error = await clientError(
      clientWith().generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({
      code: 'auth',
      trpcCode: 'UNAUTHORIZED',
      httpStatus: 401,
    });
    expect(error.message).toContain('Authorization: Bearer');
  });

  it('should serve a valid key and refuse it once revoked', async () => {
    const { key, record } = await harness.store.apiKeys.create({
      name: 'app',
      credits: 1_000,
    });
    const result = await clientWith(key).generate.mutate({
      type: 'text',
      prompt: 'hi',
    });
    expect(result).toMatchObject({ provider: 'local', model: 'echo' });
    expect(await clientWith(key).providers.list.query()).toHaveLength(1);

    await harness.store.apiKeys.revoke(record.id);
    const error = await clientError(
      clientWith(key).generate.mutate({ type: 'text', prompt: 'hi' }),
    );
    expect(error.data).toMatchObject({ code: 'auth', httpStatus: 401 });
    expect(error.message).toContain('Unknown or revoked');
  });

  it('should refuse an unknown key without echoing it', async () => {
    const unknown = 'sy_not-a-real-key-0123456789abcdefghijklmnop';
    const error = await clientError(
      clientWith(unknown).providers.health.query(),
    );
    expect(error.data?.httpStatus).toBe(401);
    expect(JSON.stringify([error.message, error.data])).not.toContain(unknown);
  });
});
