import { setTimeout as sleep } from 'node:timers/promises';
import type { JobRecord, SwitchyardStore } from '@switchyard/core';
import type { JobPayer, JobRunnerContext } from './job-runner-context';
import { runJob } from './job-run';

/** Hands stored jobs to a process that runs them. */
export interface JobDispatch {
  /** Gets a stored job run by some process, once; dispatching a job already on its way adds nothing. */
  dispatch(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** Makes a runner's dispatch from the function that runs a stored job in this process. */
export type JobDispatchFactory = (
  runStored: (jobId: string) => Promise<void>,
) => JobDispatch;

const FINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

/** The payer of a job found after a restart: its key, if it still exists. */
export async function payerOfStoredJob(
  store: SwitchyardStore,
  job: JobRecord,
): Promise<JobPayer> {
  if (job.keyId === '') return undefined;
  const key = await store.apiKeys.get(job.keyId);
  const token =
    job.tokenId === undefined ? undefined : await store.tokens.get(job.tokenId);
  return {
    keyId: job.keyId,
    ledger: store.ledger,
    allowedProviders: bothAllow(key?.limits?.providers, token?.providers),
    subject: job.subject,
    tokenId: job.tokenId,
  };
}

/**
 * Runs a job the queue handed to this process. When another process holds
 * its lease, waits for that lease to end: lapsed unrenewed (its owner died
 * before the queue noticed), this process takes the job over; renewed, its
 * owner is alive and keeps it.
 */
export async function runStoredJob(
  context: JobRunnerContext,
  jobId: string,
): Promise<void> {
  const { store, owner } = context;
  const payerFor = (job: JobRecord) => payerOfStoredJob(store, job);
  while (!context.isClosed()) {
    if (await runJob(context, jobId, payerFor)) return;
    const held = await store.jobs.get(jobId);
    if (held === undefined || FINAL_STATUSES.has(held.status)) return;
    if (held.leaseOwner === owner) return;
    const expiresAt = held.leaseExpiresAt ?? 0;
    await sleep(Math.max(50, expiresAt - Date.now() + 50));
    const later = await store.jobs.get(jobId);
    const renewed =
      later?.leaseOwner === held.leaseOwner &&
      (later?.leaseExpiresAt ?? 0) > expiresAt;
    if (renewed) return;
  }
}

/**
 * Sends a stored job on its way: through the queue when there is one, else
 * run here at once (paid by `payer`, or by its stored key when omitted).
 */
export async function dispatchJob(
  runner: { context: JobRunnerContext; queue: JobDispatch | undefined },
  job: JobRecord,
  payer?: JobPayer,
): Promise<void> {
  const { context, queue } = runner;
  const { store, logger } = context;
  if (queue === undefined) {
    const payerFor =
      payer === undefined
        ? (stored: JobRecord) => payerOfStoredJob(store, stored)
        : () => Promise.resolve(payer);
    void runJob(context, job.id, payerFor).catch((error: unknown) => {
      logger.error({ err: error, job: job.id }, 'running a job failed');
    });
    return;
  }
  await queue.dispatch(job.id).catch((error: unknown) => {
    // The job is stored: a sweep dispatches it once the queue answers.
    logger.warn(
      { err: error, job: job.id },
      'queueing a job failed; the next sweep queues it again',
    );
  });
}

/** The providers two lists both allow (undefined: any). */
export function bothAllow(
  first: string[] | undefined,
  second: string[] | undefined,
): string[] | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return first.filter((name) => second.includes(name));
}
