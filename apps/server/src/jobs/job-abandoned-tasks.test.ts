import { createSqlStore } from '@switchyard/store-sql';
import { createFakeUpstream, fixtureResponse } from '@switchyard/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  FAL_CANCEL_ACCEPTED,
  FAL_REQUEST_ID,
  FOX,
  jobWhenSucceeded,
  unfinishedFalTask,
} from '../__tests__/job-fixtures';
import {
  clientWithKey,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';

describe('a job past its deadline at a queue provider', () => {
  it('should cancel the task there and finish on the next target, charged once', async () => {
    const app = '/fal-queue/fal-ai/flux';
    const upstream = await createFakeUpstream(unfinishedFalTask(app));
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
describe('a job whose abandoned task finishes first', () => {
  it('should adopt the late original, cancel the fallback, and charge once', async () => {
    let fallbackSubmitted = () => false;
    // fal takes the cancel but the runner is already busy: the task still
    // completes, once the fallback has been submitted (an event, not a
    // clock: the fallback is in flight when the original finishes).
    const { upstream, config, calls, first, second } = await twoFalQueues({
      firstFinished: () => fallbackSubmitted(),
    });
    fallbackSubmitted = () => calls('POST', second).length > 0;
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
async function twoFalQueues(options: { firstFinished: () => boolean }) {
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
      response: FAL_CANCEL_ACCEPTED,
    },
    [`GET ${first}/requests/${FAL_REQUEST_ID}`]: {
      response: fixtureResponse('fal/queue.5-result.json'),
    },
    ...unfinishedFalTask(second, { model: 'dev' }),
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
