import type { JobChanges } from '@switchyard/core';
import type { JobRunnerContext } from './job-runner-context';

/** One run's writes to its job. */
export interface JobWriter {
  /** Writes `changes` after this run's earlier writes; false when the job's lease is no longer this process's. */
  write(changes: JobChanges): Promise<boolean>;
  /** Writes `changes` without waiting, logging `failure` if the write fails. */
  writeInBackground(changes: JobChanges, failure: string): void;
}

/**
 * Creates the writer of one run of `jobId`. Its writes land in the order
 * they were made (an attempt's start never overwrites the task id its
 * submit recorded after it), and each one is announced on the feed.
 */
export function createJobWriter(
  context: Pick<JobRunnerContext, 'store' | 'owner' | 'feed' | 'logger'>,
  jobId: string,
): JobWriter {
  const { store, owner, feed, logger } = context;
  const update = async (changes: JobChanges) => {
    const updated = await store.jobs.update({ id: jobId, owner, changes });
    if (updated) feed.notify(jobId);
    return updated;
  };
  let writes: Promise<unknown> = Promise.resolve();
  const write = (changes: JobChanges): Promise<boolean> => {
    const written = writes.then(() => update(changes));
    writes = written.catch(() => undefined);
    return written;
  };
  return {
    write,
    writeInBackground(changes, failure) {
      write(changes).catch((error: unknown) => {
        logger.warn({ err: error, job: jobId }, failure);
      });
    },
  };
}
