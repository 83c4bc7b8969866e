import { BreakerRegistry } from './breaker-registry';
import { EngineListeners } from './engine-listeners';
import { executeRoute } from './execute-route';
import { HealthTracker } from './health';
import {
  imageCall,
  musicCall,
  videoCall,
  trainingCall,
  speechCall,
  textCall,
  textStreamCall,
} from './model-calls';
import { TargetMeasures } from './ranking/target-measures';
import type { EngineDeps } from './route-run';
import type { RoutingEngine, RoutingEngineOptions } from './types';

const DEFAULT_HEALTH_WINDOW = 100;

/**
 * Creates the routing engine: for each call it walks the route's targets in
 * order, skipping targets whose breaker is open, and after each failed
 * attempt does what `decide()` says: retry the target with backoff
 * (honouring Retry-After up to the route's cap), fall back to the next
 * target, or stop. One deadline bounds the whole call; the caller's signal
 * aborts the attempt in flight and starts no other.
 *
 * @example
 * const engine = createRoutingEngine({ resolveModel: (target, kind) => … });
 * const call = await engine.executeImage({ route, request: { prompt: 'a fox' } });
 */
export function createRoutingEngine(
  options: RoutingEngineOptions,
): RoutingEngine {
  const now = options.now ?? Date.now;
  const listeners = new EngineListeners();
  const breakers = new BreakerRegistry({
    now,
    shared: options.sharedBreakers,
    emit: (event) => listeners.emit(event),
  });
  const health = new HealthTracker(
    options.healthWindow ?? DEFAULT_HEALTH_WINDOW,
  );
  const deps: EngineDeps = {
    now,
    random: options.random ?? Math.random,
    resolveModel: options.resolveModel,
    breakers,
    health,
    measures: new TargetMeasures({ now }),
    listeners,
  };
  return {
    executeImage: (execution) =>
      executeRoute(deps, execution, imageCall(execution)),
    executeText: (execution) =>
      executeRoute(deps, execution, textCall(execution)),
    executeTextStream: (execution) =>
      executeRoute(deps, execution, textStreamCall(execution)),
    executeSpeech: (execution) =>
      executeRoute(deps, execution, speechCall(execution)),
    executeMusic: (execution) =>
      executeRoute(deps, execution, musicCall(execution)),
    executeVideo: (execution) =>
      executeRoute(deps, execution, videoCall(execution)),
    executeTraining: (execution) =>
      executeRoute(deps, execution, trainingCall(execution)),
    onEvent: (listener) => listeners.add(listener),
    health: () =>
      breakers.states().map(({ key, target, state }) => ({
        target,
        breaker: state,
        ...health.stats(key),
      })),
    breakerState: (target, route) => breakers.stateOf(target, route),
    targetStats: (target, kind) => deps.measures.stats(target, kind),
  };
}
