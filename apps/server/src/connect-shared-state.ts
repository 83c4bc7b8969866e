import type {
  GenerateResult,
  ResultCache,
  SharedBreakerStates,
} from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { LoadedConfig } from './config/load-config';
import type { HealthStore } from './health/health-store';
import { createRedisHealthStore } from './health/redis-health-store';
import type { Logger } from './logger';
import {
  createRedisBreakerStates,
  createRedisHealth,
  createRedisResultCache,
  type SharedHealth,
} from './shared-state/redis-shared-state';

/**
 * With `redis.url` set: one Redis connection for limits, quotas, health and
 * the cache, and two more subscribed to breaker and health state changes.
 * Without it, that state stays in this process.
 */
export async function connectSharedState(options: {
  config: LoadedConfig;
  logger: Logger;
}): Promise<{
  redis?: Redis;
  breakers?: SharedBreakerStates;
  health?: SharedHealth;
  /** The health monitor's probe results and states. */
  healthStore?: HealthStore;
  resultCache?: ResultCache<GenerateResult>;
  close(): void;
}> {
  const settings = options.config.config.redis;
  if (settings === undefined) return { close: () => undefined };
  const keyPrefix = settings.keyPrefix ?? '';
  // Loaded only with Redis configured: a single process never pays for it.
  const { Redis } = await import('ioredis');
  const redis = new Redis(settings.url, {
    maxRetriesPerRequest: 2,
    lazyConnect: true,
    keyPrefix,
  });
  await redis.connect();
  const breakers = await createRedisBreakerStates({
    redis,
    keyPrefix,
    logger: options.logger,
  });
  const healthStore = await createRedisHealthStore({
    redis,
    keyPrefix,
    logger: options.logger,
  });
  options.logger.info(
    { redis: settings.url.replace(/\/\/[^@/]*@/, '//…@') },
    'sharing breakers, limits, quotas, health and the cache through Redis',
  );
  return {
    redis,
    breakers,
    health: createRedisHealth({ redis, logger: options.logger }),
    healthStore,
    resultCache: createRedisResultCache<GenerateResult>({ redis }),
    close() {
      breakers.close();
      healthStore.close();
      redis.disconnect();
    },
  };
}
