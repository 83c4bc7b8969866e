import { describe, expect, it } from 'vitest';
import { leasesJobToOneOwner, tracksWebhookDeliveries } from './job-leases';
import { jobInput as input, type StoreHarness } from './harness';

/**
 * Async jobs: stored once per idempotency key, leased to one owner at a
 * time, their webhooks delivered by one process, cancellable.
 */
export function describeJobs(harness: StoreHarness): void {
  describe('jobs', () => {
    it('should store a job queued, with its input, and list a key’s jobs newest first', () =>
      storesQueuedJobs(harness));
    it('should store one job for concurrent submits with one idempotency key, per key', () =>
      storesOneJobPerIdempotencyKey(harness));
    it('should lease a job to one owner at a time, and to another once the lease expires', () =>
      leasesJobToOneOwner(harness));
    it('should record webhook deliveries in order and list ended jobs whose webhook is pending', () =>
      tracksWebhookDeliveries(harness));
    it('should cancel a queued job at once, and flag a leased one for its owner', () =>
      cancelsJobs(harness));
    it('should count jobs per status across keys, every status present', () =>
      countsJobsByStatus(harness));
  });
}

async function storesQueuedJobs(harness: StoreHarness): Promise<void> {
  const { store } = harness;
  const first = await store.jobs.create({
    id: 'job_list_1',
    keyId: 'key_jobs',
    input,
  });
  expect(first).toMatchObject({
    id: 'job_list_1',
    keyId: 'key_jobs',
    input,
    status: 'queued',
    cancelRequested: false,
    createdAt: harness.clock,
  });
  harness.clock += 1;
  await store.jobs.create({ id: 'job_list_2', keyId: 'key_jobs', input });
  await store.jobs.create({ id: 'job_other', keyId: 'key_x', input });
  const page = await store.jobs.list({ keyId: 'key_jobs', limit: 1 });
  expect(page.map((job) => job.id)).toEqual(['job_list_2']);
  const next = await store.jobs.list({
    keyId: 'key_jobs',
    limit: 5,
    before: page[0],
  });
  expect(next.map((job) => job.id)).toEqual(['job_list_1']);
}

async function storesOneJobPerIdempotencyKey({
  store,
}: StoreHarness): Promise<void> {
  const submits = await Promise.all(
    [1, 2, 3, 4].map((n) =>
      store.jobs.create({
        id: `job_once_${n}`,
        keyId: 'key_once',
        input,
        idempotencyKey: 'submit-1',
        requestHash: 'hash-a',
      }),
    ),
  );
  const ids = new Set(submits.map((job) => job.id));
  expect(ids.size).toBe(1);
  expect(submits[0]).toMatchObject({
    idempotencyKey: 'submit-1',
    requestHash: 'hash-a',
  });
  expect(await store.jobs.list({ keyId: 'key_once', limit: 10 })).toHaveLength(
    1,
  );
  const otherKey = await store.jobs.create({
    id: 'job_once_other',
    keyId: 'key_once_other',
    input,
    idempotencyKey: 'submit-1',
    requestHash: 'hash-a',
  });
  expect(otherKey.id).toBe('job_once_other');
}

async function cancelsJobs({ store }: StoreHarness): Promise<void> {
  await store.jobs.create({
    id: 'job_cancel_q',
    keyId: 'key_jobs',
    input,
  });
  expect(await store.jobs.requestCancel('job_cancel_q')).toMatchObject({
    status: 'cancelled',
    errorCode: 'cancelled',
  });
  await store.jobs.create({
    id: 'job_cancel_r',
    keyId: 'key_jobs',
    input,
  });
  await store.jobs.claim({
    id: 'job_cancel_r',
    owner: 'o',
    leaseMs: 60_000,
  });
  await store.jobs.update({
    id: 'job_cancel_r',
    owner: 'o',
    changes: { status: 'running' },
  });
  expect(await store.jobs.requestCancel('job_cancel_r')).toMatchObject({
    status: 'running',
    cancelRequested: true,
  });
}

/** Earlier tests leave jobs behind: the counts are compared before and after. */
async function countsJobsByStatus({ store }: StoreHarness): Promise<void> {
  const before = await store.jobs.countByStatus();
  expect(Object.keys(before).sort()).toEqual([
    'cancelled',
    'failed',
    'queued',
    'running',
    'succeeded',
  ]);
  for (const n of [1, 2, 3]) {
    await store.jobs.create({
      id: `job_count_${n}`,
      keyId: 'key_count',
      input,
    });
  }
  await store.jobs.create({ id: 'job_count_x', keyId: 'key_other', input });
  await store.jobs.claim({ id: 'job_count_1', owner: 'o', leaseMs: 60_000 });
  await store.jobs.update({
    id: 'job_count_1',
    owner: 'o',
    changes: { status: 'running' },
  });
  await store.jobs.claim({ id: 'job_count_2', owner: 'o', leaseMs: 60_000 });
  await store.jobs.update({
    id: 'job_count_2',
    owner: 'o',
    changes: { status: 'failed', errorCode: 'server_error' },
  });
  await store.jobs.requestCancel('job_count_3');
  const after = await store.jobs.countByStatus();
  expect({
    queued: after.queued - before.queued,
    running: after.running - before.running,
    succeeded: after.succeeded - before.succeeded,
    failed: after.failed - before.failed,
    cancelled: after.cancelled - before.cancelled,
  }).toEqual({ queued: 1, running: 1, succeeded: 0, failed: 1, cancelled: 1 });
}
