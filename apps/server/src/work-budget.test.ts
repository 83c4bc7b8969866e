import { LIMITS } from '@switchyard/core';
import { createLocal } from '@switchyard/providers-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

describe('the pixel budget of image requests and batches', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes: { image: { targets: ["local:procedural"] } }
`),
    });
  });
  afterAll(() => harness.close());

  it('should refuse an image request over the per-request budget, naming the limit, before any hold or provider call', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: 1_000,
    });
    for (const call of [
      client.generate.mutate({
        type: 'image',
        prompt: 'sixteen huge foxes',
        n: 16,
        width: 2048,
        height: 2048,
      }),
      client.jobs.submit.mutate({
        type: 'image',
        prompt: 'sixteen huge foxes',
        n: 16,
        width: 2048,
        height: 2048,
      }),
    ]) {
      const refused = await clientError(call);
      expect(refused.data?.code).toBe('invalid_request');
      expect(refused.data?.httpStatus).toBe(400);
      expect(refused.message).toContain(
        `asks for ${16 * 2048 * 2048} pixels (n × width × height); the limit is ${LIMITS.imagePixelsPerRequest} per request`,
      );
    }
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000,
      reserved: 0,
    });
    expect((await client.jobs.list.query({})).items).toEqual([]);
  });

  it('should serve an image request within the budget', async () => {
    const { client } = await createKeyedClient(harness, { credits: 0 });
    const result = await client.generate.mutate({
      type: 'image',
      prompt: 'four small foxes',
      n: 4,
      width: 64,
      height: 64,
    });
    expect(result.type === 'image' && result.images).toHaveLength(4);
  });

  it('should refuse a batch whose image items together pass the per-batch budget, naming the limit', async () => {
    const { id, client } = await createKeyedClient(harness, {
      credits: 1_000,
    });
    // Each item is within the per-request budget; twenty of them are not.
    const item = {
      type: 'image' as const,
      prompt: 'a fox',
      n: 8,
      width: 1024,
      height: 1024,
    };
    const refused = await clientError(
      client.generateBatch.mutate({
        items: Array.from({ length: 20 }, () => item),
      }),
    );
    expect(refused.data?.code).toBe('invalid_request');
    expect(refused.data?.httpStatus).toBe(400);
    expect(refused.message).toContain(
      `this batch asks for ${20 * 8 * 1024 * 1024} pixels over its image items`,
    );
    expect(refused.message).toContain(
      `the limit is ${LIMITS.imagePixelsPerBatch} per batch`,
    );
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000,
      reserved: 0,
    });
  });

  it('should answer /healthz while a large local render runs in the same process', async () => {
    const render = createLocal()
      .imageModel('procedural')
      .generate(
        { prompt: 'a large fox', n: 16, width: 1024, height: 1024 },
        {},
      );
    let rendered = false;
    const done = render.finally(() => {
      rendered = true;
    });
    const health = await fetch(`${harness.server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    // The health answer came back while the render's promise was still pending.
    expect(rendered).toBe(false);
    expect((await done).images).toHaveLength(16);
  }, 60_000);
});
