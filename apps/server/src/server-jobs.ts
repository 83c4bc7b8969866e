import type { SwitchyardStore } from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { LoadedConfig } from './config/load-config';
import type { Gateway } from './gateway/gateway';
import { createRedisJobChangeFeed } from './jobs/job-change-feed';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';

/**
 * The server's job runner. With `redis` configured, job changes are
 * announced to every replica and jobs go through BullMQ; without it, both
 * stay in this process.
 */
export async function createServerJobRunner(options: {
  config: LoadedConfig;
  store: SwitchyardStore;
  gateway: Gateway;
  logger: Logger;
  /** The shared connection, when `redis` is configured. */
  redis: Redis | undefined;
  leaseMs: number;
}): Promise<JobRunner> {
  const { store, gateway, logger, redis, leaseMs } = options;
  const redisSettings = options.config.config.redis;
  // BullMQ is loaded only where Redis is configured (a single process never
  // pays its memory).
  const bullMq =
    redisSettings === undefined
      ? undefined
      : await import('./jobs/bullmq-dispatch');
  return createJobRunner({
    store,
    gateway,
    logger,
    leaseMs,
    changes:
      redis === undefined || redisSettings === undefined
        ? undefined
        : await createRedisJobChangeFeed({
            redis,
            keyPrefix: redisSettings.keyPrefix ?? '',
            logger,
          }),
    webhooks: options.config.config.webhooks,
    dispatch:
      redisSettings === undefined || bullMq === undefined
        ? undefined
        : (runStored) =>
            bullMq.createBullMqDispatch({
              url: redisSettings.url,
              keyPrefix: redisSettings.keyPrefix ?? '',
              lockMs: leaseMs,
              logger,
              runStored,
            }),
  });
}
