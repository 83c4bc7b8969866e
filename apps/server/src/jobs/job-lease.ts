import type { JobRunnerContext, RunningJob } from './job-runner-context';

/**
 * Renews a running job's lease every third of its length, and stops the
 * run when the lease is lost (another process took the job) or the user
 * asked to cancel it on any replica. Returns the function that stops
 * renewing.
 */
export function keepJobLease(
  context: Pick<JobRunnerContext, 'store' | 'owner' | 'leaseMs' | 'logger'>,
  jobId: string,
  run: RunningJob,
): () => void {
  const { store, owner, leaseMs, logger } = context;
  const heartbeat = setInterval(
    () => {
      void (async () => {
        const held = await store.jobs.renew({ id: jobId, owner, leaseMs });
        const current = await store.jobs.get(jobId);
        if (!held) run.controller.abort();
        else if (current?.cancelRequested === true) {
          run.userCancelled = true;
          run.controller.abort();
        }
      })().catch((error: unknown) => {
        logger.warn({ err: error, job: jobId }, 'renewing a job lease failed');
      });
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}
