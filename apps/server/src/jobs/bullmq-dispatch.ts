import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { JobDispatch } from './job-runner';

const QUEUE_NAME = 'switchyard-jobs';
/** Jobs one process runs at once; they mostly wait on providers, so many fit. */
export const DEFAULT_JOB_CONCURRENCY = 64;

/** Options of {@link createBullMqDispatch}. */
export interface BullMqDispatchOptions {
  /** `redis.url` of the config. */
  url: string;
  /** `redis.keyPrefix`: replicas that share it share the queue. */
  keyPrefix: string;
  /** BullMQ's lock on a running job, renewed while it runs; a dead worker's jobs are retaken after it. */
  lockMs: number;
  concurrency?: number;
  logger: Logger;
  /** Runs a stored job in this process to its end (or until its lease is lost). */
  runStored: (jobId: string) => Promise<void>;
}

/**
 * Dispatches jobs through a BullMQ queue on Redis: any replica's worker
 * takes the next one, and a job whose worker died (its lock not renewed)
 * is moved back to the queue by BullMQ's stalled-job check and run again.
 * The store stays the record of each job (state, provider task id, result):
 * BullMQ delivers at least once, and the store's lease makes a duplicate
 * delivery a no-op. BullMQ ids are the job ids, so dispatching a job that
 * is already queued or running adds nothing.
 */
export function createBullMqDispatch(
  options: BullMqDispatchOptions,
): JobDispatch {
  const { logger } = options;
  // BullMQ namespaces its own keys and refuses an ioredis keyPrefix; its
  // blocking worker connection needs maxRetriesPerRequest: null.
  const connect = () => new Redis(options.url, { maxRetriesPerRequest: null });
  const queueConnection = connect();
  const workerConnection = connect();
  const prefix = `${options.keyPrefix}bull`;
  const queue = new Queue<{ jobId: string }>(QUEUE_NAME, {
    connection: queueConnection,
    prefix,
  });
  const worker = new Worker<{ jobId: string }>(
    QUEUE_NAME,
    async (queued) => {
      logger.info(
        { job: queued.data.jobId, delivery: queued.attemptsStarted },
        'job taken from the BullMQ queue',
      );
      await options.runStored(queued.data.jobId);
    },
    {
      connection: workerConnection,
      prefix,
      concurrency: options.concurrency ?? DEFAULT_JOB_CONCURRENCY,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      // The store decides when a job is over; a job that keeps losing its
      // worker is retaken, never failed by the queue.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    },
  );
  const reportError = (error: Error) => {
    logger.warn({ err: error }, 'the BullMQ job queue reported an error');
  };
  queue.on('error', reportError);
  worker.on('error', reportError);
  return {
    async dispatch(jobId) {
      await queue.add(
        'run',
        { jobId },
        { jobId, removeOnComplete: true, removeOnFail: true },
      );
    },
    async close() {
      // Not waiting for running jobs: their locks lapse and another
      // process's worker retakes them, where they resume their tasks.
      await worker.close(true).catch(() => undefined);
      await queue.close().catch(() => undefined);
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
