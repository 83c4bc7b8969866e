import { randomUUID } from 'node:crypto';
import {
  isErrorCode,
  type AbandonedTask,
  type JobChanges,
  type JobRecord,
  type JobStore,
} from '@switchyard/core';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { JobsTable, StoreDatabase } from './database';
import { newestFirst } from './pagination';

const UNFINISHED = ['queued', 'running'] as const;
const ENDED = ['succeeded', 'failed', 'cancelled'] as const;
const FINAL = new Set<string>(ENDED);

function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    input: JSON.parse(row.input) as unknown,
    status: row.status,
    ...(row.target == null ? {} : { target: row.target }),
    ...(row.provider_task_id == null
      ? {}
      : { providerTaskId: row.provider_task_id }),
    ...(row.abandoned_tasks == null
      ? {}
      : {
          abandonedTasks: JSON.parse(row.abandoned_tasks) as AbandonedTask[],
        }),
    ...(row.attempt == null ? {} : { attempt: Number(row.attempt) }),
    ...(row.progress == null ? {} : { progress: Number(row.progress) }),
    ...(row.result == null
      ? {}
      : { result: JSON.parse(row.result) as unknown }),
    ...(row.error_code == null
      ? {}
      : {
          errorCode: isErrorCode(row.error_code) ? row.error_code : 'unknown',
        }),
    ...(row.error_message == null ? {} : { errorMessage: row.error_message }),
    cancelRequested: Number(row.cancel_requested) === 1,
    ...(row.webhook_url == null ? {} : { webhookUrl: row.webhook_url }),
    ...(row.webhook_state == null ? {} : { webhookState: row.webhook_state }),
    ...(row.idempotency_key == null
      ? {}
      : { idempotencyKey: row.idempotency_key }),
    ...(row.request_hash == null ? {} : { requestHash: row.request_hash }),
    ...(row.lease_owner == null ? {} : { leaseOwner: row.lease_owner }),
    ...(row.lease_expires_at == null
      ? {}
      : { leaseExpiresAt: Number(row.lease_expires_at) }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.finished_at == null ? {} : { finishedAt: Number(row.finished_at) }),
  };
}

/** The async jobs of a SQL store; leases are conditional updates, so one owner wins. */
export function createJobStore(options: {
  db: Kysely<StoreDatabase>;
  now: () => number;
}): JobStore {
  const { db, now } = options;
  const get = async (id: string) => {
    const row = await db
      .selectFrom('switchyard_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toJob(row);
  };
  const changedRows = (result: { numUpdatedRows: bigint }) =>
    Number(result.numUpdatedRows) > 0;
  return {
    async create(job) {
      const at = now();
      await db
        .insertInto('switchyard_jobs')
        .values({
          id: job.id,
          key_id: job.keyId,
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
            .columns(['key_id', 'idempotency_key'])
            .where('idempotency_key', 'is not', null)
            .doNothing(),
        )
        .execute();
      const stored =
        job.idempotencyKey === undefined
          ? await get(job.id)
          : await db
              .selectFrom('switchyard_jobs')
              .selectAll()
              .where('key_id', '=', job.keyId)
              .where('idempotency_key', '=', job.idempotencyKey)
              .executeTakeFirst()
              .then((row) => (row === undefined ? undefined : toJob(row)));
      if (stored === undefined) throw new Error(`job ${job.id} vanished`);
      return stored;
    },
    get,
    async list({ keyId, limit, before }) {
      const query = db
        .selectFrom('switchyard_jobs')
        .selectAll()
        .where('key_id', '=', keyId);
      const rows = await newestFirst(query, { before, limit }).execute();
      return rows.map(toJob);
    },
    async claim({ id, owner, leaseMs }) {
      const at = now();
      const result = await db
        .updateTable('switchyard_jobs')
        .set({
          lease_owner: owner,
          lease_expires_at: at + leaseMs,
          updated_at: at,
        })
        .where('id', '=', id)
        .where('status', 'in', UNFINISHED)
        .where(leaseTakeable({ owner, at }))
        .executeTakeFirst();
      return changedRows(result) ? get(id) : undefined;
    },
    async listClaimable(limit) {
      const at = now();
      const rows = await db
        .selectFrom('switchyard_jobs')
        .selectAll()
        .where('status', 'in', UNFINISHED)
        .where(leaseTakeable({ at }))
        .orderBy('created_at', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toJob);
    },
    async renew({ id, owner, leaseMs }) {
      const at = now();
      const result = await db
        .updateTable('switchyard_jobs')
        .set({ lease_expires_at: at + leaseMs })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', 'in', UNFINISHED)
        .executeTakeFirst();
      return changedRows(result);
    },
    async update({ id, owner, changes }) {
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
    },
    async recordDelivery(delivery) {
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
    },
    async listDeliveries(jobId) {
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
    },
    async listPendingWebhooks(limit) {
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
    },
    async claimWebhook({ id, owner, leaseMs }) {
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
    },
    async requestCancel(id) {
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
      return get(id);
    },
  };
}

/** A job's lease is free at `at` (or already `owner`'s). */
function leaseTakeable(options: { owner?: string; at: number }) {
  const { owner, at } = options;
  return (row: ExpressionBuilder<StoreDatabase, 'switchyard_jobs'>) =>
    row.or([
      row('lease_owner', 'is', null),
      row('lease_expires_at', '<', at),
      ...(owner === undefined ? [] : [row('lease_owner', '=', owner)]),
    ]);
}

function columnsOf(changes: JobChanges) {
  return {
    ...(changes.status === undefined ? {} : { status: changes.status }),
    ...(changes.target === undefined ? {} : { target: changes.target }),
    ...(changes.providerTaskId === undefined
      ? {}
      : { provider_task_id: changes.providerTaskId }),
    ...(changes.abandonedTasks === undefined
      ? {}
      : { abandoned_tasks: JSON.stringify(changes.abandonedTasks) }),
    ...(changes.attempt === undefined ? {} : { attempt: changes.attempt }),
    ...(changes.progress === undefined ? {} : { progress: changes.progress }),
    ...(changes.result === undefined
      ? {}
      : { result: JSON.stringify(changes.result) }),
    ...(changes.errorCode === undefined
      ? {}
      : { error_code: changes.errorCode }),
    ...(changes.errorMessage === undefined
      ? {}
      : { error_message: changes.errorMessage }),
  };
}
