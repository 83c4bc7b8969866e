import type { SwitchyardStore } from '@switchyard/core';
import type { ConfiguredArtifacts } from './artifacts/configured-artifacts';
import { sweepExpiredArtifacts } from './artifacts/sweep-artifacts';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';

/**
 * Resumes the jobs a stopped process left (queued, or polling a provider
 * task) at once and every `intervalMs`, and at each tick frees the credits
 * held by calls that never finished (a crash, a killed replica): their
 * holds expire past the route's deadline; with `artifacts`, it also deletes
 * kept outputs past their retention, a bounded number per tick. Returns the
 * function that stops it.
 */
export function startSweeper(options: {
  jobs: JobRunner;
  store: SwitchyardStore;
  logger: Logger;
  intervalMs: number;
  artifacts?: Pick<ConfiguredArtifacts, 'backend' | 'now'>;
}): () => void {
  const { jobs, store, logger, artifacts } = options;
  let sweepingArtifacts: Promise<void> | undefined;
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
    if (artifacts !== undefined && sweepingArtifacts === undefined) {
      sweepingArtifacts = sweepArtifacts(store, artifacts, logger).finally(
        () => (sweepingArtifacts = undefined),
      );
    }
  }, options.intervalMs);
  sweeper.unref();
  return () => clearInterval(sweeper);
}

/** One pass over expired artifacts, logged. */
async function sweepArtifacts(
  store: SwitchyardStore,
  artifacts: Pick<ConfiguredArtifacts, 'backend' | 'now'>,
  logger: Logger,
): Promise<void> {
  try {
    const deleted = await sweepExpiredArtifacts({
      records: store.artifacts,
      backend: artifacts.backend,
      now: artifacts.now,
      logger,
    });
    if (deleted > 0) logger.info({ deleted }, 'expired artifacts deleted');
  } catch (error) {
    logger.error({ err: error }, 'deleting expired artifacts failed');
  }
}
