import type { JobStore } from '@switchyard/core';
import { countJobsByStatus } from './job-counts';
import { claimJob, listClaimableJobs, renewJobLease } from './job-leases';
import {
  changedRows,
  columnsOf,
  ENDED,
  getJob,
  leaseTakeable,
  toJob,
  UNFINISHED,
} from './job-rows';
import {
  claimWebhook,
  listPendingWebhooks,
  listWebhookDeliveries,
  recordWebhookDelivery,
} from './job-webhooks';
import { newestFirst } from './pagination';
import type { StoreDeps } from './store-deps';

const FINAL = new Set<string>(ENDED);

/** The async jobs of a SQL store; leases are conditional updates, so one owner wins. */
export function createJobStore(deps: StoreDeps): JobStore {
  const { db } = deps;
  return {
    create: createJob(deps),
    get: (id) => getJob(db, id),
    async list({ keyId, subject, limit, before }) {
      const keyed = db
        .selectFrom('switchyard_jobs')
        .selectAll()
        .where('key_id', '=', keyId);
      const query =
        subject === undefined ? keyed : keyed.where('subject', '=', subject);
      const rows = await newestFirst(query, { before, limit }).execute();
      return rows.map(toJob);
    },
    claim: claimJob(deps),
    listClaimable: listClaimableJobs(deps),
    renew: renewJobLease(deps),
    update: updateJob(deps),
    recordDelivery: recordWebhookDelivery(deps),
    listDeliveries: listWebhookDeliveries(deps),
    listPendingWebhooks: listPendingWebhooks(deps),
    claimWebhook: claimWebhook(deps),
    requestCancel: requestCancel(deps),
    countByStatus: countJobsByStatus(deps),
  };
}

/** Stores a queued job; of concurrent submits with one idempotency key, one is stored. */
function createJob({ db, now }: StoreDeps): JobStore['create'] {
  return async (job) => {
    const at = now();
    await db
      .insertInto('switchyard_jobs')
      .values({
        id: job.id,
        key_id: job.keyId,
        subject: job.subject ?? '',
        token_id: job.tokenId ?? null,
        input: JSON.stringify(job.input),
        status: 'queued',
        target: null,
        provider_task_id: null,
        abandoned_tasks: null,
        attempt: null,
        progress: null,
        result: null,
        error_code: null,
        error_message: null,
        cancel_requested: 0,
        webhook_url: job.webhookUrl ?? null,
        webhook_state: job.webhookUrl === undefined ? null : 'pending',
        idempotency_key: job.idempotencyKey ?? null,
        request_hash: job.requestHash ?? null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      // The unique index picks one of concurrent submits with one key.
      .onConflict((conflict) =>
        conflict
          .columns(['key_id', 'subject', 'idempotency_key'])
          .where('idempotency_key', 'is not', null)
          .doNothing(),
      )
      .execute();
    const stored =
      job.idempotencyKey === undefined
        ? await getJob(db, job.id)
        : await db
            .selectFrom('switchyard_jobs')
            .selectAll()
            .where('key_id', '=', job.keyId)
            .where('subject', '=', job.subject ?? '')
            .where('idempotency_key', '=', job.idempotencyKey)
            .executeTakeFirst()
            .then((row) => (row === undefined ? undefined : toJob(row)));
    if (stored === undefined) throw new Error(`job ${job.id} vanished`);
    return stored;
  };
}

/** Applies changes for the lease holder; a final status ends the job and frees its lease. */
function updateJob({ db, now }: StoreDeps): JobStore['update'] {
  return async ({ id, owner, changes }) => {
    const at = now();
    const final = changes.status !== undefined && FINAL.has(changes.status);
    const result = await db
      .updateTable('switchyard_jobs')
      .set({
        ...columnsOf(changes),
        updated_at: at,
        ...(final
          ? { finished_at: at, lease_owner: null, lease_expires_at: null }
          : {}),
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return changedRows(result);
  };
}

/** Flags a job for cancelling; a queued job no live lease holds is cancelled at once. */
function requestCancel({ db, now }: StoreDeps): JobStore['requestCancel'] {
  return async (id) => {
    const at = now();
    await db
      .updateTable('switchyard_jobs')
      .set({ cancel_requested: 1, updated_at: at })
      .where('id', '=', id)
      .where('status', 'in', UNFINISHED)
      .execute();
    await db
      .updateTable('switchyard_jobs')
      .set({
        status: 'cancelled',
        error_code: 'cancelled',
        error_message: 'The job was cancelled before it started.',
        finished_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where(leaseTakeable({ at }))
      .execute();
    return getJob(db, id);
  };
}
