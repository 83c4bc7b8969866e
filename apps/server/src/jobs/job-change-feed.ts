import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

/**
 * Tells `jobs.events` subscribers that a job changed, so they read it at
 * once instead of polling the store. A notice carries only the job id; the
 * store stays the one place a job's state is read from.
 */
export interface JobChangeFeed {
  /** Announces that `jobId` changed (in this process, and to other replicas when shared). */
  notify(jobId: string): void;
  /**
   * Resolves at the next notice for `jobId`, after `timeoutMs` (so a missed
   * notice only delays a subscriber), or when `signal` aborts.
   */
  next(
    jobId: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<void>;
  close(): void;
}

/** A feed for one process: notices go to this process's subscribers only. */
export function createLocalJobChangeFeed(): JobChangeFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (jobId) => emitter.emit(jobId),
    next: (jobId, options) => nextNotice({ emitter, jobId, ...options }),
    close: () => emitter.removeAllListeners(),
  };
}

/**
 * A feed shared by replicas through Redis pub/sub: a job running on one
 * replica wakes the subscribers on every other.
 */
export async function createRedisJobChangeFeed(options: {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}): Promise<JobChangeFeed> {
  const { redis, logger } = options;
  // The client's keyPrefix covers keys, not channel names.
  const channel = `${options.keyPrefix}switchyard:jobs`;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, jobId: string) => {
    emitter.emit(jobId);
  });
  await subscriber.subscribe(channel);
  return {
    notify(jobId) {
      redis.publish(channel, jobId).catch((error: unknown) => {
        logger.warn(
          { err: error, job: jobId },
          'announcing a job change through Redis failed; subscribers see it at their next poll',
        );
        emitter.emit(jobId);
      });
    },
    next: (jobId, nextOptions) =>
      nextNotice({ emitter, jobId, ...nextOptions }),
    close() {
      emitter.removeAllListeners();
      subscriber.disconnect();
    },
  };
}

function nextNotice(options: {
  emitter: EventEmitter;
  jobId: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<void> {
  const { emitter, jobId, signal } = options;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off(jobId, done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, options.timeoutMs);
    timer.unref();
    emitter.on(jobId, done);
    signal?.addEventListener('abort', done, { once: true });
    if (signal?.aborted) done();
  });
}
