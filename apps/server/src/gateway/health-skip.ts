import type { Route, RouteTarget } from '@switchyard/core';
import type { GatewayDeps } from './gateway-deps';

/**
 * Why a call skips a target the health monitor judges `down` (reason
 * `health-down`), or undefined. Only while the target's breaker is closed:
 * an open breaker is the engine's own skip (`breaker-open`), and a
 * half-open one lets its one trial call through, so a real call can show
 * the target has recovered.
 */
export function healthSkip(
  deps: Pick<GatewayDeps, 'health' | 'engine'>,
  route: Route,
  target: RouteTarget,
): { reason: 'health-down'; message: string } | undefined {
  if (deps.health.stateOf(target) !== 'down') return undefined;
  if (deps.engine.breakerState(target, route) !== 'closed') return undefined;
  return {
    reason: 'health-down',
    message:
      'the health monitor judges it down (failed probes or recent calls); providers.health says why',
  };
}
