import {
  formatTarget,
  pickRequest,
  rankTargets,
  type GenerateInput,
  type Ranking,
  type Route,
  type RouteTarget,
} from '@switchyard/core';
import type { GatewayDeps } from './gateway-deps';
import { boundedRequest, holdEstimate } from './hold-estimate';
import { selectRoute } from './select-route';

/** What ranking needs of the gateway. */
export type RankDeps = Pick<
  GatewayDeps,
  'engine' | 'priceBook' | 'resolveModel' | 'tierOf' | 'random'
>;

/** A call's route in the order its strategy and requirements give. */
export interface RankedRoute {
  /** The route, its targets ranked (included ones first) and its times capped by `maxLatencyMs`. */
  route: Route;
  /** Targets the requirements exclude (`instance:model`), with which requirement and why. */
  exclusions: ReadonlyMap<string, string>;
  /** The ranking behind the order; undefined on the fast path (an `ordered` route, no requirements). */
  ranking?: Ranking;
}

const NO_EXCLUSIONS: ReadonlyMap<string, string> = new Map();

/**
 * Orders a call's targets by its route's strategy and checks them against
 * the request's requirements (see `rankTargets` in core). A caller's own
 * order (`providers`) wins over the strategy; `fallback: false` keeps only
 * the first target after ranking. An `ordered` route without requirements
 * is returned as it is, unless `always` (explain) asks for the ranking.
 */
export function rankRoute(
  deps: RankDeps,
  options: {
    route: Route;
    input: GenerateInput;
    request: Record<string, unknown>;
    always?: boolean;
  },
): RankedRoute {
  const { input } = options;
  const requirements = input.requirements;
  const route =
    input.providers === undefined
      ? options.route
      : { ...options.route, strategy: 'ordered' as const };
  if (
    route.strategy === 'ordered' &&
    requirements === undefined &&
    options.always !== true
  ) {
    return { route: onlyFirst(route, input), exclusions: NO_EXCLUSIONS };
  }
  const ranking = rankTargets({
    route,
    requirements,
    stats: (target) => deps.engine.targetStats(target, route.kind),
    estimateCost: costEstimator(deps, route, options.request),
    tierOf: (target) => deps.tierOf(target, route.kind),
    random: deps.random,
  });
  const exclusions = new Map<string, string>();
  for (const ranked of ranking.targets) {
    if (ranked.skip !== undefined) {
      exclusions.set(formatTarget(ranked.target), ranked.skip.message);
    }
  }
  const maxLatencyMs = requirements?.maxLatencyMs ?? Number.POSITIVE_INFINITY;
  const ranked: Route = {
    ...route,
    targets: ranking.targets.map((entry) => entry.target),
    timeoutMs: Math.min(route.timeoutMs, maxLatencyMs),
    deadlineMs: Math.min(route.deadlineMs, maxLatencyMs),
  };
  return { route: onlyFirst(ranked, input), exclusions, ranking };
}

/**
 * A call's model request (its output bounded) and its route, chosen
 * (`select-route.ts`) and ranked ({@link rankRoute}): how `generate`,
 * streams and `routes.explain` all begin.
 */
export function routeCall(
  deps: RankDeps & Pick<GatewayDeps, 'routes' | 'instances'>,
  options: { input: GenerateInput; always?: boolean },
): RankedRoute & { request: Record<string, unknown> } {
  const { input } = options;
  const request = boundedRequest({ input, request: pickRequest(input) });
  const route = selectRoute({
    input,
    routes: deps.routes,
    instances: deps.instances,
  });
  return {
    ...rankRoute(deps, { route, input, request, always: options.always }),
    request,
  };
}

/** The route with only its first target when the caller turned fallback off. */
function onlyFirst(route: Route, input: GenerateInput): Route {
  return input.fallback === false && route.targets.length > 1
    ? { ...route, targets: route.targets.slice(0, 1) }
    : route;
}

/** This request's estimated price at each target (what a hold would take), asked once per target. */
function costEstimator(
  deps: RankDeps,
  route: Route,
  request: Record<string, unknown>,
): (target: RouteTarget) => number | undefined {
  const estimate = holdEstimate({
    kind: route.kind,
    request,
    priceBook: deps.priceBook,
    resolveModel: deps.resolveModel,
  });
  const known = new Map<string, number | undefined>();
  return (target) => {
    const key = formatTarget(target);
    if (!known.has(key)) {
      let cost: number | undefined;
      try {
        cost = estimate(target);
      } catch {
        // A target whose model cannot be resolved has no price; its
        // attempt reports why.
        cost = undefined;
      }
      known.set(key, cost);
    }
    return known.get(key);
  };
}
