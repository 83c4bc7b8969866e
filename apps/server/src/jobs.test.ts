import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobChanges, JobRecord, SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMain } from './__tests__/server-process';
import {
  clientError,
  clientWithKey,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from './__tests__/test-server';
import type { JobEvent } from './jobs/job-view';
import { createWebhookSender } from './jobs/webhooks';
import { createLogger } from './logger';

const PRICE = 40;

/** The job once it has succeeded (waiting up to 10 s for it). */
/** The image input the queue tests submit. */
const FOX = {
  type: 'image',
  prompt: 'a fox',
  width: 64,
  height: 64,
} as const;

/** The request id in the recorded fal queue fixtures. */
const FAL_REQUEST_ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';

/** fal's answer to a cancel it accepted. */
const FAL_CANCEL_ACCEPTED = {
  type: 'json' as const,
  status: 202,
  body: { status: 'CANCELLATION_REQUESTED' },
};

async function jobWhenSucceeded(
  client: ReturnType<typeof clientWithKey>,
  id: string,
) {
  return vi.waitFor(
    async () => {
      const job = await client.jobs.get.query({ id });
      expect(job.status).toBe('succeeded');
      return job;
    },
    { timeout: 10_000 },
  );
}

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

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A fal queue job whose server is killed mid-poll: the restarted server
 * polls the same fal request (no second submission), finishes the job and
 * charges it once — with jobs dispatched by the store's job table (no
 * Redis), and by BullMQ (Redis configured), where BullMQ's stalled-job
 * check hands the dead worker's job to the new one.
 */
describe.each([
  { queue: 'the store job table', redisConfig: '' },
  {
    queue: 'BullMQ',
    redisConfig: `redis: { url: "${REDIS_URL}", keyPrefix: "jobs_${randomUUID()}:" }`,
  },
])('a job across a server restart, dispatched by $queue', ({ redisConfig }) => {
  let directory: string;
  let upstream: FakeUpstream;
  let store: SwitchyardStore;
  let falDone = false;
  const children: ChildProcess[] = [];
  const app = '/fal-queue/fal-ai/flux';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-jobs-'));
    upstream = await createFakeUpstream({
      [`POST ${app}/schnell`]: {
        response: fixtureResponse('fal/queue.1-submit.json'),
      },
      [`GET ${app}/requests/${FAL_REQUEST_ID}/status`]: {
        response: () =>
          fixtureResponse(
            falDone
              ? 'fal/queue.4-status.completed.json'
              : 'fal/queue.3-status.in-progress.json',
          ),
      },
      [`GET ${app}/requests/${FAL_REQUEST_ID}`]: {
        response: fixtureResponse('fal/queue.5-result.json'),
      },
    });
    store = await createSqlStore({
      url: `sqlite:${join(directory, 'jobs.db')}`,
    });
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await store.close();
    await upstream.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('should resume polling the provider task after a kill -9, without submitting it again', async () => {
    const file = join(directory, 'jobs.yaml');
    await writeFile(
      file,
      `
store: { url: "sqlite:./jobs.db" }
${redisConfig}
providers:
  fal: { apiKey: fal-test-key, queueURL: "${upstream.url}/fal-queue", pollIntervalMs: 100 }
routes:
  image: { targets: ["fal:fal-ai/flux/schnell"] }
`,
    );
    const credits = 10_000_000;
    const { key, record } = await store.apiKeys.create({
      name: 'jobs',
      credits,
    });
    const environment = {
      SWITCHYARD_CONFIG: file,
      SWITCHYARD_JOB_LEASE_MS: '1000',
      SWITCHYARD_SWEEP_INTERVAL_MS: '200',
      LOG_LEVEL: 'info',
    };
    const first = startMain(environment);
    children.push(first.child);
    const listening = await first.waitFor(
      (line) => typeof line.url === 'string',
    );
    const client = clientWithKey(listening.url as string, key);
    const job = await client.jobs.submit.mutate({
      type: 'image',
      prompt: 'a lighthouse at dusk',
    });
    const polls = () =>
      upstream.calls.filter((call) => call.url.endsWith('/status')).length;
    await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
    });
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await store.jobs.get(job.id)).toMatchObject({
      status: 'running',
      target: 'fal:fal-ai/flux/schnell',
      providerTaskId: FAL_REQUEST_ID,
    });
    const pollsBeforeRestart = polls();
    falDone = true;

    const second = startMain(environment);
    children.push(second.child);
    if (redisConfig !== '') {
      await first.waitFor(
        (line) =>
          line.msg === 'job taken from the BullMQ queue' && line.job === job.id,
      );
      await second.waitFor(
        (line) =>
          line.msg === 'job taken from the BullMQ queue' && line.job === job.id,
      );
    }
    await second.waitFor(
      (line) => line.msg === 'resuming a job: polling its provider task',
    );
    await vi.waitFor(
      async () =>
        expect((await store.jobs.get(job.id))?.status).toBe('succeeded'),
      { timeout: 15_000, interval: 100 },
    );
    const submissions = upstream.calls.filter((call) => call.method === 'POST');
    expect(submissions).toHaveLength(1);
    expect(polls()).toBeGreaterThan(pollsBeforeRestart);
    const done = await store.jobs.get(job.id);
    expect(done?.result).toMatchObject({
      type: 'image',
      provider: 'fal',
      images: [
        expect.objectContaining({ url: expect.stringContaining('fal.media') }),
      ],
    });
    const charged = (done?.result as { cost: { microCredits: number } }).cost
      .microCredits;
    expect((await store.ledger.balance(record.id)).balance).toBe(
      credits - charged,
    );
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);
});

describe('job webhooks', () => {
  let guarded: TestServer;
  let open: TestServer;
  let receiver: WebhookReceiver;
  const statuses = [503, 200];

  beforeAll(async () => {
    receiver = await startReceiver(() => statuses.shift() ?? 200);
    const config = (allowPrivateNetworks: boolean) =>
      configFromYaml(`
webhooks: { secret: "whsec-test-0123456789", allowPrivateNetworks: ${allowPrivateNetworks}, baseDelayMs: 20 }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`);
    guarded = await startTestServer({ config: config(false) });
    open = await startTestServer({ config: config(true) });
  });
  afterAll(async () => {
    await guarded.close();
    await open.close();
    receiver.close();
  });

  it('should refuse webhooks into loopback or private networks unless the config allows them', async () => {
    for (const webhookUrl of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'http://10.1.2.3/hook',
      'http://[::1]:9/hook',
    ]) {
      const refused = await clientError(
        guarded.client.jobs.submit.mutate({
          type: 'text',
          prompt: 'hi',
          webhookUrl,
        }),
      );
      expect(refused.data?.code).toBe('invalid_request');
      expect(refused.message).toMatch(/Webhook refused: .*(loopback|private)/);
    }
    const notHttp = await clientError(
      guarded.client.jobs.submit.mutate({
        type: 'text',
        prompt: 'hi',
        webhookUrl: 'file:///etc/passwd',
      }),
    );
    expect(notHttp.data?.issues).toEqual([
      expect.objectContaining({ path: 'webhookUrl' }),
    ]);
    // Nothing was stored for the refused submissions.
    expect((await guarded.client.jobs.list.query({})).items).toEqual([]);
  });

  it('should record every delivery attempt and retry until the receiver accepts', async () => {
    const { port } = receiver;
    const job = await open.client.jobs.submit.mutate({
      type: 'text',
      prompt: 'tell me when done',
      webhookUrl: `http://127.0.0.1:${port}/hook`,
    });
    await vi.waitFor(
      async () =>
        expect((await open.store.jobs.get(job.id))?.webhookState).toBe(
          'delivered',
        ),
      { timeout: 5_000 },
    );
    expect(
      (await open.store.jobs.listDeliveries(job.id)).map((delivery) => [
        delivery.attempt,
        delivery.statusCode,
      ]),
    ).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('should deliver a pending webhook from one process at a time when several resume it', async () => {
    const counting = await startReceiver(() => 204);
    const store = open.store;
    const { id } = await endedJobWithWebhook(
      store,
      `http://127.0.0.1:${counting.port}/once`,
    );
    const replicas = ['a', 'b', 'c'].map((name) =>
      createWebhookSender({
        jobs: store.jobs,
        settings: {
          secret: 'whsec-test-0123456789',
          allowPrivateNetworks: true,
        },
        logger: createLogger({ level: 'silent' }),
        owner: `replica_${name}`,
      }),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.resumePending()));
      await vi.waitFor(async () =>
        expect((await store.jobs.get(id))?.webhookState).toBe('delivered'),
      );
      expect(counting.posts).toEqual(['/once']);
      expect(await store.jobs.listDeliveries(id)).toHaveLength(1);
    } finally {
      counting.close();
    }
  });
  it('should let another process send the next attempt when it is due after the sender died waiting for it', async () => {
    const answers = [503, 204];
    const target = await startReceiver(() => answers.shift() ?? 500);
    const { port } = target;
    const { id, ...ended } = await endedJobWithWebhook(
      open.store,
      `http://127.0.0.1:${port}/hook`,
    );
    const settings = {
      secret: 'whsec-test-0123456789',
      allowPrivateNetworks: true,
      baseDelayMs: 100,
      timeoutMs: 500,
    };
    // The first sender's store stops answering once it has leased the wait
    // before its second attempt: the process is gone.
    let claims = 0;
    const dying: SwitchyardStore['jobs'] = Object.create(open.store.jobs);
    dying.claimWebhook = async (claim) => {
      claims += 1;
      const held = await open.store.jobs.claimWebhook(claim);
      if (claims === 2) await new Promise(() => undefined);
      return held;
    };
    const first = createWebhookSender({
      jobs: dying,
      settings,
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_dying',
    });
    const second = createWebhookSender({
      jobs: open.store.jobs,
      settings,
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_taking_over',
    });
    try {
      void first.deliver({ id, ...ended });
      await vi.waitFor(() => expect(claims).toBe(2));
      // Well under the 5 minutes a lease covering the longest wait would hold it.
      await vi.waitFor(
        async () => {
          await second.resumePending();
          expect((await open.store.jobs.get(id))?.webhookState).toBe(
            'delivered',
          );
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(
        (await open.store.jobs.listDeliveries(id)).map((delivery) => [
          delivery.attempt,
          delivery.statusCode,
        ]),
      ).toEqual([
        [1, 503],
        [2, 204],
      ]);
    } finally {
      target.close();
    }
  }, 20_000);

  it('should refuse to connect when the host resolves to a private address only at delivery (DNS rebinding)', async () => {
    const target = await startReceiver(() => 204);
    const { port } = target;
    const { id, ...ended } = await endedJobWithWebhook(
      open.store,
      `http://rebinding.example:${port}/hook`,
    );
    const answers = [['93.184.216.34']];
    const sender = createWebhookSender({
      jobs: open.store.jobs,
      settings: { secret: 'whsec-test-0123456789', maxAttempts: 1 },
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_rebinding',
      // Public when the URL is checked, loopback when the connection resolves it.
      resolve: () => Promise.resolve(answers.shift() ?? ['127.0.0.1']),
    });
    try {
      await sender.deliver({ id, ...ended });
      expect(target.posts).toEqual([]);
      const [delivery] = await open.store.jobs.listDeliveries(id);
      expect(delivery?.error).toMatch(/Webhook refused: .*loopback/);
      expect((await open.store.jobs.get(id))?.webhookState).toBe('failed');
    } finally {
      target.close();
    }
  });
});

/** A failed job whose webhook is still to be delivered, left by a process that is gone. */
function endedJobWithWebhook(
  store: SwitchyardStore,
  webhookUrl: string,
): Promise<JobRecord> {
  return jobLeftByGoneProcess(store, {
    webhookUrl,
    changes: { status: 'failed', errorCode: 'overloaded' },
  });
}

/** A job as a process that has since died left it: stored, leased, changed, its lease lapsing. */
async function jobLeftByGoneProcess(
  store: SwitchyardStore,
  options: {
    keyId?: string;
    input?: unknown;
    webhookUrl?: string;
    changes: JobChanges;
  },
): Promise<JobRecord> {
  const id = `job_${randomUUID()}`;
  await store.jobs.create({
    id,
    keyId: options.keyId ?? '',
    input: options.input ?? { type: 'text', prompt: 'hi' },
    webhookUrl: options.webhookUrl,
  });
  await store.jobs.claim({ id, owner: 'gone', leaseMs: 1 });
  await store.jobs.update({ id, owner: 'gone', changes: options.changes });
  const left = await store.jobs.get(id);
  if (left === undefined) throw new Error(`job ${id} was not stored`);
  return left;
}

describe('a job with a webhook on a gateway without webhooks', () => {
  it('should be refused, naming the config to add', async () => {
    const harness = await startTestServer({
      config: configFromYaml(`
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
    try {
      const refused = await clientError(
        harness.client.jobs.submit.mutate({
          type: 'text',
          prompt: 'hi',
          webhookUrl: 'https://example.com/hook',
        }),
      );
      expect(refused.message).toContain('webhooks.secret');
    } finally {
      await harness.close();
    }
  });
});

describe('a job past its deadline at a queue provider', () => {
  it('should cancel the task there and finish on the next target, charged once', async () => {
    const app = '/fal-queue/fal-ai/flux';
    const upstream = await createFakeUpstream({
      [`POST ${app}/schnell`]: {
        response: fixtureResponse('fal/queue.1-submit.json'),
      },
      [`GET ${app}/requests/${FAL_REQUEST_ID}/status`]: {
        response: fixtureResponse('fal/queue.3-status.in-progress.json'),
      },
      [`PUT ${app}/requests/${FAL_REQUEST_ID}/cancel`]: {
        response: FAL_CANCEL_ACCEPTED,
      },
    });
    const harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  fal: { apiKey: fal-test-key, queueURL: "${upstream.url}/fal-queue", pollIntervalMs: 50 }
  local-backup: { use: local }
routes:
  image: { targets: ["fal:fal-ai/flux/schnell"] }
  hurried:
    type: image
    targets: ["fal:fal-ai/flux/schnell", "local-backup:procedural"]
    timeoutMs: 400
    retry: { maxAttempts: 1 }
`),
    });
    try {
      const { id, client } = await createKeyedClient(harness, {
        credits: 10_000_000,
      });
      const job = await client.jobs.submit.mutate({ ...FOX, route: 'hurried' });
      const done = await jobWhenSucceeded(client, job.id);
      // The job shows the attempt that served: the second, on the backup.
      expect(done).toMatchObject({
        attempt: 2,
        target: expect.stringMatching(/^local-backup:/),
      });
      expect(done.result).toMatchObject({
        provider: 'local-backup',
        fallbackUsed: true,
        attempts: [
          expect.objectContaining({ provider: 'fal', code: 'timeout' }),
          expect.objectContaining({
            provider: 'local-backup',
            outcome: 'success',
          }),
        ],
      });
      await vi.waitFor(() =>
        expect(
          upstream.calls.filter((call) => call.method === 'PUT'),
        ).toHaveLength(1),
      );
      const charged = done.result?.cost.microCredits ?? -1;
      expect(await harness.store.ledger.balance(id)).toMatchObject({
        balance: 10_000_000 - charged,
        reserved: 0,
      });
    } finally {
      await harness.close();
      await upstream.close();
    }
  });
});

/**
 * The first target's task outlives its attempt deadline and ignores the
 * cancel; the job moves to the second target, then the first task finishes
 * before the second: the job adopts it, cancels the second, and the key
 * pays for one image at the first target's price.
 */
describe('a resumed job whose key can no longer pay', () => {
  it('should fail as quota_exceeded and cancel its task at the provider without polling it', async () => {
    const app = '/fal-queue/fal-ai/flux';
    const upstream = await createFakeUpstream({
      [`GET ${app}/requests/${FAL_REQUEST_ID}/status`]: {
        response: fixtureResponse('fal/queue.3-status.in-progress.json'),
      },
      [`PUT ${app}/requests/${FAL_REQUEST_ID}/cancel`]: {
        response: FAL_CANCEL_ACCEPTED,
      },
    });
    const store = await createSqlStore({ url: 'sqlite::memory:' });
    const { record } = await store.apiKeys.create({
      name: 'spent',
      credits: 0,
    });
    // A job a dead process left polling its fal task.
    const { id } = await jobLeftByGoneProcess(store, {
      keyId: record.id,
      input: FOX,
      changes: {
        status: 'running',
        target: 'fal:fal-ai/flux/schnell',
        providerTaskId: FAL_REQUEST_ID,
        attempt: 1,
      },
    });
    const harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  fal: { apiKey: fal-test-key, queueURL: "${upstream.url}/fal-queue", pollIntervalMs: 50 }
routes:
  image: { targets: ["fal:fal-ai/flux/schnell"] }
`),
      store,
      jobLeaseMs: 500,
      sweepIntervalMs: 100,
    });
    try {
      await vi.waitFor(
        async () =>
          expect(await store.jobs.get(id)).toMatchObject({
            status: 'failed',
            errorCode: 'quota_exceeded',
          }),
        { timeout: 5_000 },
      );
      await vi.waitFor(() =>
        expect(
          upstream.calls.filter((call) => call.method === 'PUT'),
        ).toHaveLength(1),
      );
      expect(
        upstream.calls.filter((call) => call.url.endsWith('/status')),
      ).toEqual([]);
      expect(await store.ledger.balance(record.id)).toMatchObject({
        balance: 0,
        reserved: 0,
      });
    } finally {
      await harness.close();
      await store.close();
      await upstream.close();
    }
  });
});

describe('a job whose abandoned task finishes first', () => {
  it('should adopt the late original, cancel the fallback, and charge once', async () => {
    let firstCancelledAt: number | undefined;
    // fal takes the cancel but the runner is already busy: the task still
    // completes, 300 ms after the cancel.
    const { upstream, config, calls, first, second } = await twoFalQueues({
      firstFinished: () =>
        firstCancelledAt !== undefined && Date.now() - firstCancelledAt >= 300,
      onFirstCancel: () => {
        firstCancelledAt ??= Date.now();
      },
    });
    const harness = await startTestServer({ config });
    try {
      const { id, client } = await createKeyedClient(harness, {
        credits: 1_000_000,
      });
      const job = await client.jobs.submit.mutate(FOX);
      const done = await jobWhenSucceeded(client, job.id);
      expect(done).toMatchObject({
        target: 'fal:fal-ai/flux/schnell',
        result: {
          provider: 'fal',
          model: 'fal-ai/flux/schnell',
          cost: { microCredits: 3_000 },
          attempts: [
            expect.objectContaining({ provider: 'fal', code: 'timeout' }),
            expect.objectContaining({
              provider: 'fal-second',
              code: 'cancelled',
            }),
            expect.objectContaining({
              provider: 'fal',
              outcome: 'success',
              message: expect.stringMatching(/^Adopted/),
            }),
          ],
        },
      });
      // Each target was submitted once; the fallback was cancelled there.
      expect(calls('POST', first)).toHaveLength(1);
      expect(calls('POST', second)).toHaveLength(1);
      await vi.waitFor(() =>
        expect(calls('PUT', second).length).toBeGreaterThan(0),
      );
      expect(await harness.store.ledger.balance(id)).toMatchObject({
        balance: 1_000_000 - 3_000,
        reserved: 0,
      });
      const recorded = await harness.store.generations.list({
        keyId: id,
        limit: 10,
      });
      expect(
        recorded
          .filter((generation) => generation.status === 'succeeded')
          .map((generation) => generation.costMicroCredits),
      ).toEqual([3_000]);
    } finally {
      await harness.close();
      await upstream.close();
    }
  });
});

describe('a job restarted while it watches an abandoned task', () => {
  it('should watch that task again after the restart, adopt it, and charge once', async () => {
    // The abandoned task finishes only after the restart.
    let firstMayFinish = false;
    const { upstream, config, calls, first, second } = await twoFalQueues({
      firstFinished: () => firstMayFinish,
    });
    const store = await createSqlStore({ url: 'sqlite::memory:' });
    const replica = () =>
      startTestServer({ config, store, jobLeaseMs: 500, sweepIntervalMs: 100 });
    const before = await replica();
    let after: TestServer | undefined;
    try {
      const { id, key, client } = await createKeyedClient(before, {
        credits: 1_000_000,
      });
      const job = await client.jobs.submit.mutate(FOX);
      await vi.waitFor(
        async () => {
          expect(calls('POST', second)).toHaveLength(1);
          const stored = await store.jobs.get(job.id);
          // The fallback's task id is stored (not only its attempt begun).
          expect(stored).toMatchObject({
            target: 'fal-second:fal-ai/flux/dev',
            providerTaskId: FAL_REQUEST_ID,
          });
          // The fallback may have been abandoned too by now; the first is recorded.
          expect(stored?.abandonedTasks).toContainEqual({
            target: 'fal:fal-ai/flux/schnell',
            taskId: FAL_REQUEST_ID,
          });
        },
        { timeout: 5_000 },
      );
      await before.close();
      firstMayFinish = true;

      after = await replica();
      const done = await jobWhenSucceeded(
        clientWithKey(after.server.url, key),
        job.id,
      );
      expect(done).toMatchObject({
        target: 'fal:fal-ai/flux/schnell',
        result: {
          provider: 'fal',
          model: 'fal-ai/flux/schnell',
          cost: { microCredits: 3_000 },
        },
      });
      // Neither task was submitted again; the one left running was cancelled.
      expect(calls('POST', first)).toHaveLength(1);
      expect(calls('POST', second)).toHaveLength(1);
      await vi.waitFor(() =>
        expect(calls('PUT', second).length).toBeGreaterThan(0),
      );
      expect(await store.ledger.balance(id)).toMatchObject({
        balance: 1_000_000 - 3_000,
        reserved: 0,
      });
    } finally {
      await after?.close();
      await store.close();
      await upstream.close();
    }
  }, 30_000);
});

/**
 * Two fal queues on one fake upstream, routed in order with a 400 ms attempt
 * deadline: the first's task finishes once `firstFinished()`, the second's
 * never does. Both accept cancels.
 */
async function twoFalQueues(options: {
  firstFinished: () => boolean;
  onFirstCancel?: () => void;
}) {
  const first = '/fal-queue/fal-ai/flux';
  const second = '/second-queue/fal-ai/flux';
  const upstream = await createFakeUpstream({
    [`POST ${first}/schnell`]: {
      response: fixtureResponse('fal/queue.1-submit.json'),
    },
    [`GET ${first}/requests/${FAL_REQUEST_ID}/status`]: {
      response: () =>
        options.firstFinished()
          ? fixtureResponse('fal/queue.4-status.completed.json')
          : fixtureResponse('fal/queue.3-status.in-progress.json'),
    },
    [`PUT ${first}/requests/${FAL_REQUEST_ID}/cancel`]: {
      response: () => {
        options.onFirstCancel?.();
        return FAL_CANCEL_ACCEPTED;
      },
    },
    [`GET ${first}/requests/${FAL_REQUEST_ID}`]: {
      response: fixtureResponse('fal/queue.5-result.json'),
    },
    [`POST ${second}/dev`]: {
      response: fixtureResponse('fal/queue.1-submit.json'),
    },
    [`GET ${second}/requests/${FAL_REQUEST_ID}/status`]: {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    },
    [`PUT ${second}/requests/${FAL_REQUEST_ID}/cancel`]: {
      response: FAL_CANCEL_ACCEPTED,
    },
  });
  const config = configFromYaml(`
auth: { required: true }
providers:
  fal: { apiKey: fal-test-key, queueURL: "${upstream.url}/fal-queue", pollIntervalMs: 50 }
  fal-second: { use: fal, apiKey: fal-test-key, queueURL: "${upstream.url}/second-queue", pollIntervalMs: 50 }
routes:
  image:
    targets: ["fal:fal-ai/flux/schnell", "fal-second:fal-ai/flux/dev"]
    timeoutMs: 400
    retry: { maxAttempts: 1 }
`);
  /** The upstream calls of one method under one path. */
  const calls = (method: string, prefix: string) =>
    upstream.calls.filter(
      (call) => call.method === method && call.url.startsWith(prefix),
    );
  return { upstream, config, calls, first, second };
}

/** A webhook receiver on 127.0.0.1 answering each POST with `status()`. */
interface WebhookReceiver {
  port: number;
  /** The paths POSTed to, in order. */
  posts: string[];
  close(): void;
}

async function startReceiver(status: () => number): Promise<WebhookReceiver> {
  const posts: string[] = [];
  const server: Server = createHttpServer((request, response) => {
    posts.push(request.url ?? '');
    response.statusCode = status();
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    posts,
    close: () => server.close(),
  };
}
