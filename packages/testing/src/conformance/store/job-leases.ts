import { expect } from 'vitest';
import { jobInput as input, type StoreHarness } from './harness';

/** A job's lease: one owner at a time, the next once it runs out, none once the job ended. */
export async function leasesJobToOneOwner(
  harness: StoreHarness,
): Promise<void> {
  const { store } = harness;
  const { owner, other } = await leaseToOneOwner(store);

  harness.clock += 1_001; // the owner died: its lease ran out
  expect((await store.jobs.listClaimable(10)).map((job) => job.id)).toContain(
    'job_lease',
  );
  expect(
    await store.jobs.renew({
      id: 'job_lease',
      owner: 'nobody',
      leaseMs: 10,
    }),
  ).toBe(false);
  const taken = await store.jobs.claim({
    id: 'job_lease',
    owner: other,
    leaseMs: 1_000,
  });
  expect(taken).toMatchObject({
    status: 'running',
    target: 'fal:flux',
    providerTaskId: 't-1',
    abandonedTasks: [{ target: 'fal:flux-pro', taskId: 't-0' }],
    attempt: 2,
    leaseOwner: other,
  });
  expect(
    await store.jobs.update({
      id: 'job_lease',
      owner: other,
      changes: { status: 'succeeded', result: { ok: true } },
    }),
  ).toBe(true);
  expect(await store.jobs.get('job_lease')).toMatchObject({
    status: 'succeeded',
    result: { ok: true },
    finishedAt: harness.clock,
  });
  expect(await store.jobs.get('job_lease')).not.toHaveProperty('leaseOwner');
  // An ended job cannot be leased again.
  expect(
    await store.jobs.claim({ id: 'job_lease', owner, leaseMs: 1_000 }),
  ).toBeUndefined();
}

/**
 * Creates `job_lease` and has three owners race for it: one wins, and only
 * it may update the job, which no one else may then claim.
 */
async function leaseToOneOwner(
  store: StoreHarness['store'],
): Promise<{ owner: string; other: string }> {
  await store.jobs.create({ id: 'job_lease', keyId: 'key_jobs', input });
  const claims = await Promise.all(
    ['a', 'b', 'c'].map((owner) =>
      store.jobs.claim({ id: 'job_lease', owner, leaseMs: 1_000 }),
    ),
  );
  const winners = claims.filter((claim) => claim !== undefined);
  expect(winners).toHaveLength(1);
  const owner = winners[0]?.leaseOwner ?? '';
  const other = owner === 'a' ? 'b' : 'a';
  expect(
    await store.jobs.update({
      id: 'job_lease',
      owner: other,
      changes: { status: 'running' },
    }),
  ).toBe(false);
  expect(
    await store.jobs.update({
      id: 'job_lease',
      owner,
      changes: {
        status: 'running',
        target: 'fal:flux',
        providerTaskId: 't-1',
        abandonedTasks: [{ target: 'fal:flux-pro', taskId: 't-0' }],
        attempt: 2,
      },
    }),
  ).toBe(true);
  expect(
    (await store.jobs.listClaimable(10)).some((job) => job.id === 'job_lease'),
  ).toBe(false);
  return { owner, other };
}

/** Webhook deliveries: recorded in order, each pending webhook claimed by one process at a time. */
export async function tracksWebhookDeliveries(
  harness: StoreHarness,
): Promise<void> {
  const { store } = harness;
  await store.jobs.create({
    id: 'job_hook',
    keyId: 'key_jobs',
    input,
    webhookUrl: 'https://example.com/hook',
  });
  expect(await store.jobs.get('job_hook')).toMatchObject({
    webhookUrl: 'https://example.com/hook',
    webhookState: 'pending',
  });
  await store.jobs.claim({ id: 'job_hook', owner: 'w', leaseMs: 1_000 });
  await store.jobs.update({
    id: 'job_hook',
    owner: 'w',
    changes: { status: 'failed', errorCode: 'overloaded' },
  });
  expect(
    (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
  ).toContain('job_hook');
  const claims = await Promise.all(
    ['d1', 'd2', 'd3'].map((owner) =>
      store.jobs.claimWebhook({ id: 'job_hook', owner, leaseMs: 1_000 }),
    ),
  );
  expect(claims.filter(Boolean)).toHaveLength(1);
  expect(
    (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
  ).not.toContain('job_hook');
  harness.clock += 1_001;
  expect(
    await store.jobs.claimWebhook({
      id: 'job_hook',
      owner: 'd4',
      leaseMs: 1_000,
    }),
  ).toBe(true);
  await store.jobs.recordDelivery({
    jobId: 'job_hook',
    attempt: 1,
    error: 'connect ECONNREFUSED',
    state: 'pending',
  });
  await store.jobs.recordDelivery({
    jobId: 'job_hook',
    attempt: 2,
    statusCode: 204,
    state: 'delivered',
  });
  expect(await store.jobs.listDeliveries('job_hook')).toEqual([
    {
      jobId: 'job_hook',
      attempt: 1,
      error: 'connect ECONNREFUSED',
      createdAt: harness.clock,
    },
    {
      jobId: 'job_hook',
      attempt: 2,
      statusCode: 204,
      createdAt: harness.clock,
    },
  ]);
  expect(
    (await store.jobs.listPendingWebhooks(10)).map((job) => job.id),
  ).not.toContain('job_hook');
  expect(
    await store.jobs.claimWebhook({
      id: 'job_hook',
      owner: 'd4',
      leaseMs: 1_000,
    }),
  ).toBe(false);
}
