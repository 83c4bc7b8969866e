import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FAL_REQUEST_ID,
  FOX,
  jobLeftByGoneProcess,
  unfinishedFalTask,
} from '../__tests__/job-fixtures';
import { startMain } from '../__tests__/server-process';
import {
  clientWithKey,
  configFromYaml,
  startTestServer,
} from '../__tests__/test-server';

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

describe('a resumed job whose key can no longer pay', () => {
  it('should fail as quota_exceeded and cancel its task at the provider without polling it', async () => {
    const app = '/fal-queue/fal-ai/flux';
    const upstream = await createFakeUpstream(
      unfinishedFalTask(app, { submit: false }),
    );
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
