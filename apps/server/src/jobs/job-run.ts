import type { JobRecord } from '@switchyard/core';
import { runJobCall, type JobRun } from './job-call';
import { keepJobLease } from './job-lease';
import type {
  JobPayer,
  JobRunnerContext,
  RunningJob,
} from './job-runner-context';
import { settleSucceeded, settleUnsucceeded } from './job-settle';
import { createJobWriter } from './job-writer';

/**
 * Claims and runs a job: leases it to this process (renewed while it runs),
 * makes its call, and records how it ended. False when the job is not this
 * process's to run (leased elsewhere, or over).
 */
export async function runJob(
  context: JobRunnerContext,
  jobId: string,
  payerFor: (job: JobRecord) => Promise<JobPayer>,
): Promise<boolean> {
  const { store, owner, leaseMs, logger, running } = context;
  if (context.isClosed() || running.has(jobId)) return false;
  const job = await store.jobs.claim({ id: jobId, owner, leaseMs });
  if (job === undefined) return false;
  logger.info(
    { job: job.id, target: job.target, providerTaskId: job.providerTaskId },
    job.providerTaskId === undefined
      ? 'starting a job'
      : 'resuming a job: polling its provider task',
  );
  let ended = () => undefined as void;
  const state: RunningJob = {
    controller: new AbortController(),
    userCancelled: false,
    ended: new Promise<void>((resolve) => {
      ended = resolve;
    }),
  };
  running.set(job.id, state);
  const run: JobRun = { job, state, writer: createJobWriter(context, job.id) };
  const stopRenewing = keepJobLease(context, job.id, state);
  try {
    const result = await runJobCall(context, run, payerFor);
    await settleSucceeded(context, run, result);
  } catch (error) {
    await settleUnsucceeded(context, run, error);
  } finally {
    stopRenewing();
    running.delete(job.id);
    ended();
  }
  return true;
}
