import { randomUUID } from 'node:crypto';
import type { JobStore } from '@switchyard/core';
import { changedRows, ENDED, leaseTakeable, toJob } from './job-rows';
import type { StoreDeps } from './store-deps';

/** Stores a delivery attempt and the job's webhook state in one transaction. */
export function recordWebhookDelivery({
  db,
  now,
}: StoreDeps): JobStore['recordDelivery'] {
  return async (delivery) => {
    const at = now();
    await db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('switchyard_webhook_deliveries')
        .values({
          id: randomUUID(),
          job_id: delivery.jobId,
          attempt: delivery.attempt,
          status_code: delivery.statusCode ?? null,
          error: delivery.error ?? null,
          created_at: at,
        })
        .execute();
      await transaction
        .updateTable('switchyard_jobs')
        .set({ webhook_state: delivery.state })
        .where('id', '=', delivery.jobId)
        .execute();
    });
  };
}

/** A job's delivery attempts, in order. */
export function listWebhookDeliveries({
  db,
}: StoreDeps): JobStore['listDeliveries'] {
  return async (jobId) => {
    const rows = await db
      .selectFrom('switchyard_webhook_deliveries')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('attempt', 'asc')
      .execute();
    return rows.map((row) => ({
      jobId: row.job_id,
      attempt: Number(row.attempt),
      ...(row.status_code == null
        ? {}
        : { statusCode: Number(row.status_code) }),
      ...(row.error == null ? {} : { error: row.error }),
      createdAt: Number(row.created_at),
    }));
  };
}

/** Ended jobs whose webhook is pending and free to claim, oldest first. */
export function listPendingWebhooks({
  db,
  now,
}: StoreDeps): JobStore['listPendingWebhooks'] {
  return async (limit) => {
    const rows = await db
      .selectFrom('switchyard_jobs')
      .selectAll()
      .where('webhook_state', '=', 'pending')
      .where('status', 'in', ENDED)
      .where(leaseTakeable({ at: now() }))
      .orderBy('finished_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  };
}

/** Leases an ended job's pending webhook on the job's own (freed) lease. */
export function claimWebhook({ db, now }: StoreDeps): JobStore['claimWebhook'] {
  return async ({ id, owner, leaseMs }) => {
    const at = now();
    const result = await db
      .updateTable('switchyard_jobs')
      .set({ lease_owner: owner, lease_expires_at: at + leaseMs })
      .where('id', '=', id)
      .where('webhook_state', '=', 'pending')
      .where('status', 'in', ENDED)
      .where(leaseTakeable({ owner, at }))
      .executeTakeFirst();
    return changedRows(result);
  };
}
