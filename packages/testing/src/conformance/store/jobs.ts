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
