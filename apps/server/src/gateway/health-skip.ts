import type { Route, RouteTarget } from '@switchyard/core';
import type { GatewayDeps } from './gateway-deps';

/**
 * Why a call skips a target the health monitor judges `down` (reason
 * `health-down`), or undefined. Only while the target's breaker is closed
 * (an open breaker is the engine's own skip, `breaker-open`, and a
 * half-open one lets its one trial call through, so a real call can show
 * the target has recovered), and only while another target of the call's
 * route is not down: a judgement never turns a call that could still
 * succeed into a sure failure, so when every target is down each is still
 * tried, its breaker guarding it.
 */
export function healthSkip(
  deps: Pick<GatewayDeps, 'health' | 'engine'>,
  route: Route,
  target: RouteTarget,
): { reason: 'health-down'; message: string } | undefined {
  if (deps.health.stateOf(target) !== 'down') return undefined;
  if (deps.engine.breakerState(target, route) !== 'closed') return undefined;
  const alternative = route.targets.some(
    (other) =>
      (other.instance !== target.instance || other.model !== target.model) &&
      deps.health.stateOf(other) !== 'down',
  );
  if (!alternative) return undefined;
  return {
    reason: 'health-down',
    message:
      'the health monitor judges it down (failed probes or recent calls); providers.health says why',
  };
}
