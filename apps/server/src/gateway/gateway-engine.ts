import {
  createRoutingEngine,
  type RoutingEngine,
  type SharedBreakerStates,
} from '@switchyard/core';
import type { Logger } from '../logger';
import type { ResolveModel } from './gateway-deps';

/**
 * The routing engine of a gateway, its events logged at debug (the health
 * monitor records each finished attempt, shared with the other replicas
 * when health is).
 */
export function createGatewayEngine(options: {
  resolveModel: ResolveModel;
  logger: Logger;
  now: () => number;
  random?: () => number;
  sharedBreakers?: SharedBreakerStates;
}): RoutingEngine {
  const { logger, now } = options;
  const engine = createRoutingEngine({
    resolveModel: options.resolveModel,
    now,
    random: options.random,
    sharedBreakers: options.sharedBreakers,
  });
  engine.onEvent((event) => logger.debug({ event }, `engine ${event.type}`));
  return engine;
}
