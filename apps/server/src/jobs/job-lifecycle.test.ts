import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientError,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from '../__tests__/test-server';
import type { JobEvent } from './job-view';

const PRICE = 40;

describe('jobs in one process', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  priced: { use: ./priced-provider, price: ${PRICE}, latencyMs: 200 }
  local: {}
routes:
  text: { targets: ["priced:answer"] }
  image: { targets: ["local:procedural"] }
`),
    });
  });
  afterAll(() => harness.close());

  it('should return a job at once, run it, report each change as an event, and charge it once', async () => {
    const { id, key, client } = await createKeyedClient(harness, {
      credits: 1_000,
    });
    const job = await client.jobs.submit.mutate({
      type: 'text',
      prompt: 'in the background',
    });
    expect(job.status).toBe('queued');
    const streaming = subscriptionClient(harness.server.url, key);
    const events = await new Promise<JobEvent[]>((resolve, reject) => {
      const seen: JobEvent[] = [];
      const subscription = streaming.jobs.events.subscribe(
        { id: job.id },
        {
          onData(event) {
            seen.push(event);
            if (['succeeded', 'failed', 'cancelled'].includes(event.type)) {
              subscription.unsubscribe();
              resolve(seen);
            }
          },
          onError: reject,
        },
      );
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'running',
        job: expect.objectContaining({ target: 'priced:answer', attempt: 1 }),
      }),
    );
    const done = events.at(-1)?.job;
    expect(done).toMatchObject({
      status: 'succeeded',
      result: {
        type: 'text',
        provider: 'priced',
        cost: { microCredits: PRICE },
      },
    });
    expect(await client.jobs.get.query({ id: job.id })).toEqual(done);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - PRICE,
      reserved: 0,
    });
    const listed = await client.jobs.list.query({ limit: 5 });
    expect(listed.items.map((item) => item.id)).toEqual([job.id]);
  });

  it('should return the same job for a repeated submit with one idempotency key, run once, and refuse the key for another request', async () => {
    const { id, client } = await createKeyedClient(harness, { credits: 1_000 });
    const input = {
      type: 'text' as const,
      prompt: 'submitted twice',
      idempotencyKey: 'retry-after-network-error',
    };
    const [first, second] = await Promise.all([
      client.jobs.submit.mutate(input),
      client.jobs.submit.mutate(input),
    ]);
    expect(second.id).toBe(first.id);
    await vi.waitFor(async () =>
      expect((await client.jobs.get.query({ id: first.id })).status).toBe(
        'succeeded',
      ),
    );
    const again = await client.jobs.submit.mutate(input);
    expect(again).toMatchObject({ id: first.id, status: 'succeeded' });
    expect(
      (await client.jobs.list.query({ limit: 10 })).items.map((job) => job.id),
    ).toEqual([first.id]);
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000 - PRICE,
      reserved: 0,
    });
    const refused = await clientError(
      client.jobs.submit.mutate({ ...input, prompt: 'something else' }),
    );
    expect(refused.data).toMatchObject({
      code: 'invalid_request',
      httpStatus: 400,
    });
    expect(refused.message).toMatch(/already used for job/);
  });

  it('should cancel a running job, charging nothing, and hide jobs from other keys', async () => {
    const { id, client } = await createKeyedClient(harness, { credits: 1_000 });
    const other = await createKeyedClient(harness, { credits: 1_000 });
    const job = await client.jobs.submit.mutate({
      type: 'text',
      prompt: 'stop me',
    });
    await vi.waitFor(async () =>
      expect((await client.jobs.get.query({ id: job.id })).status).toBe(
        'running',
      ),
    );
    await client.jobs.cancel.mutate({ id: job.id });
    await vi.waitFor(async () =>
      expect(await client.jobs.get.query({ id: job.id })).toMatchObject({
        status: 'cancelled',
        error: { code: 'cancelled' },
      }),
    );
    expect(await harness.store.ledger.balance(id)).toMatchObject({
      balance: 1_000,
      reserved: 0,
    });
    await expect(other.client.jobs.get.query({ id: job.id })).rejects.toThrow(
      /No job/,
    );
  });
});
