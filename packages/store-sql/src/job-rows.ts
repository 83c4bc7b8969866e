import {
  JOB_LOG_LINES,
  type AbandonedTask,
  type JobChanges,
  type JobRecord,
} from '@switchyard/core';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { JobsTable, StoreDatabase } from './database';
import { storedOutcome } from './stored-outcome';

/** Statuses of a job that may still run. */
export const UNFINISHED = ['queued', 'running'] as const;
/** Statuses of a job that has ended. */
export const ENDED = ['succeeded', 'failed', 'cancelled'] as const;

/** A jobs row as the store hands it out. */
export function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    ...(row.subject === '' ? {} : { subject: row.subject }),
    ...(row.token_id == null ? {} : { tokenId: row.token_id }),
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
    ...(row.queue_position == null
      ? {}
      : { queuePosition: Number(row.queue_position) }),
    ...(row.logs == null ? {} : { logs: JSON.parse(row.logs) as string[] }),
    ...storedOutcome(row),
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

/** A job's lease is free at `at` (or already `owner`'s). */
export function leaseTakeable(options: { owner?: string; at: number }) {
  const { owner, at } = options;
  return (row: ExpressionBuilder<StoreDatabase, 'switchyard_jobs'>) =>
    row.or([
      row('lease_owner', 'is', null),
      row('lease_expires_at', '<', at),
      ...(owner === undefined ? [] : [row('lease_owner', '=', owner)]),
    ]);
}

/** The columns a job update writes: only the changes it names. */
export function columnsOf(changes: JobChanges) {
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
    ...(changes.queuePosition === undefined
      ? {}
      : { queue_position: changes.queuePosition }),
    ...(changes.logs === undefined
      ? {}
      : { logs: JSON.stringify(changes.logs.slice(-JOB_LOG_LINES)) }),
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

/** Whether a conditional update matched: the lease or claim it asked for was taken. */
export function changedRows(result: { numUpdatedRows: bigint }): boolean {
  return Number(result.numUpdatedRows) > 0;
}

/** A job by id, or undefined. */
export async function getJob(
  db: Kysely<StoreDatabase>,
  id: string,
): Promise<JobRecord | undefined> {
  const row = await db
    .selectFrom('switchyard_jobs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}
