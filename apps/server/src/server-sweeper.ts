import type { SwitchyardStore } from '@switchyard/core';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';

/**
 * Resumes the jobs a stopped process left (queued, or polling a provider
 * task) at once and every `intervalMs`, and at each tick frees the credits
 * held by calls that never finished (a crash, a killed replica): their
 * holds expire past the route's deadline. Returns the function that stops it.
 */
export function startSweeper(options: {
  jobs: JobRunner;
  store: SwitchyardStore;
  logger: Logger;
  intervalMs: number;
}): () => void {
  const { jobs, store, logger } = options;
  const resumeJobs = () =>
    jobs.resumeOrphans().catch((error: unknown) => {
      logger.error({ err: error }, 'resuming jobs failed');
      return 0;
    });
  void resumeJobs();
  const sweeper = setInterval(() => {
    void resumeJobs();
    store.ledger.releaseExpired().then(
      (released) => {
        if (released > 0)
          logger.info({ released }, 'expired credit holds released');
      },
      (error: unknown) =>
        logger.error({ err: error }, 'releasing expired credit holds failed'),
    );
  }, options.intervalMs);
  sweeper.unref();
  return () => clearInterval(sweeper);
}
