import {
  createRoutingEngine,
  formatTarget,
  type RoutingEngine,
  type SharedBreakerStates,
} from '@switchyard/core';
import type { Logger } from '../logger';
import type { SharedHealth } from '../shared-state/redis-shared-state';
import type { ResolveModel } from './gateway-deps';

/**
 * The routing engine of a gateway: its events logged at debug, and each
 * finished attempt (a cancelled one aside) reported to the replicas' shared
 * health when there is one.
 */
export function createGatewayEngine(options: {
  resolveModel: ResolveModel;
  logger: Logger;
  now: () => number;
  random?: () => number;
  sharedBreakers?: SharedBreakerStates;
  sharedHealth?: SharedHealth;
}): RoutingEngine {
  const { logger, now, sharedHealth } = options;
  const engine = createRoutingEngine({
    resolveModel: options.resolveModel,
    now,
    random: options.random,
    sharedBreakers: options.sharedBreakers,
  });
  engine.onEvent((event) => logger.debug({ event }, `engine ${event.type}`));
  if (sharedHealth !== undefined) {
    engine.onEvent((event) => {
      if (event.type !== 'attempt-end' || event.code === 'cancelled') return;
      sharedHealth.record(formatTarget(event.target), {
        ok: event.outcome === 'success',
        latencyMs: event.latencyMs,
        code: event.code,
        at: now(),
      });
    });
  }
  return engine;
}
