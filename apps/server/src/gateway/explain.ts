import {
  formatTarget,
  requestUnsupported,
  type GenerateInput,
  type RankedTarget,
  type Route,
  type RouteExplanation,
  type RouteTarget,
  type SkipReason,
  type TargetExplanation,
} from '@switchyard/core';
import type { GatewayDeps } from './gateway-deps';
import type { GenerateOptions } from './gateway';
import { holdEstimate } from './hold-estimate';
import { healthSkip } from './health-skip';
import { mayReach } from './may-reach';
import { routeCall, type RankDeps } from './rank-route';

/** What explaining a call reads: routing, prices, quotas, health and breakers. */
export type ExplainDeps = RankDeps &
  Pick<
    GatewayDeps,
    'routes' | 'instances' | 'config' | 'instanceQuotas' | 'health'
  >;

type Skip = { reason: SkipReason; message: string };

/**
 * Where a `generate` call with this input would go, and why, without
 * calling a provider, holding credits or counting a quota: the route's
 * targets in the order its strategy gives, each included or skipped with
 * the reason a call would skip it for (checked in the engine's order:
 * capability, key, requirements, health, quota, credits, breaker). A
 * `weighted` route draws its order per call: this is one draw.
 */
export async function explainCall(
  deps: ExplainDeps,
  options: Pick<GenerateOptions, 'input' | 'payer'>,
): Promise<RouteExplanation> {
  const { input } = options;
  const { route, ranking, request } = routeCall(deps, {
    input,
    always: true,
  });
  const rankedBy = new Map(
    (ranking?.targets ?? []).map((entry) => [
      formatTarget(entry.target),
      entry,
    ]),
  );
  const credits = await creditsOf(options.payer);
  const estimate = holdEstimate({
    kind: route.kind,
    request,
    priceBook: deps.priceBook,
    resolveModel: deps.resolveModel,
  });
  let held = 0;
  const entries: TargetExplanation[] = [];
  for (const target of route.targets) {
    const ranked = rankedBy.get(formatTarget(target));
    const skip =
      firstSkip(deps, {
        route,
        target,
        request,
        ranked,
        payer: options.payer,
      }) ??
      (await quotaSkip(deps, target)) ??
      creditSkip({ credits, held, cost: safely(() => estimate(target)) }) ??
      breakerSkip(deps, route, target);
    if (skip === undefined && credits !== undefined) {
      held = Math.max(held, safely(() => estimate(target)) ?? 0);
    }
    entries.push(explainTarget(deps, { route, target, ranked, skip }));
  }
  return summarize(route, input, entries);
}

/** Orders the targets (included first, numbered), and names the first a call would try. */
function summarize(
  route: Route,
  input: GenerateInput,
  entries: TargetExplanation[],
): RouteExplanation {
  const included = entries.filter((entry) => entry.included);
  const skipped = entries.filter((entry) => !entry.included);
  included.forEach((entry, index) => {
    entry.rank = index + 1;
  });
  return {
    route: route.name,
    type: route.kind,
    strategy: route.strategy,
    requirements: input.requirements,
    targets: [...included, ...skipped],
    first: included[0]?.target,
    hedgeAfterMs: route.hedge?.afterMs,
  };
}

/** One target's line: its place, figures, breaker and health. */
function explainTarget(
  deps: ExplainDeps,
  options: {
    route: Route;
    target: RouteTarget;
    ranked: RankedTarget | undefined;
    skip: Skip | undefined;
  },
): TargetExplanation {
  const { route, target, ranked, skip } = options;
  const stats = deps.engine.targetStats(target, route.kind);
  return {
    target: formatTarget(target),
    instance: target.instance,
    model: target.model,
    included: skip === undefined,
    ...(skip === undefined ? {} : { skip }),
    why: ranked?.why ?? 'listed in the route',
    estimatedCostMicroCredits: ranked?.estimatedCostMicroCredits,
    expectedLatencyMs: ranked?.expectedLatencyMs,
    latencySamples: ranked?.latencySamples ?? stats.samples,
    inFlight: ranked?.inFlight ?? stats.inFlight,
    breaker: deps.engine.breakerState(target, route),
    health: deps.health.stateOf(target),
  };
}

/** The checks that need no I/O, in the engine's order: capability, key, requirements, health. */
function firstSkip(
  deps: ExplainDeps,
  options: {
    route: Route;
    target: RouteTarget;
    request: Record<string, unknown>;
    ranked: RankedTarget | undefined;
    payer: GenerateOptions['payer'];
  },
): Skip | undefined {
  const { route, target, ranked } = options;
  let unsupported: string | undefined;
  try {
    unsupported = requestUnsupported(
      deps.resolveModel(target, route.kind),
      options.request,
    );
  } catch (error) {
    unsupported = error instanceof Error ? error.message : String(error);
  }
  if (unsupported !== undefined) {
    return { reason: 'unsupported', message: unsupported };
  }
  if (!mayReach(options.payer, target.instance)) {
    return {
      reason: 'not-allowed',
      message: `the key may not reach the provider instance "${target.instance}"`,
    };
  }
  if (ranked?.skip !== undefined) return ranked.skip;
  return healthSkip(deps, route, target);
}

/** The instance's own quota, read without counting a call. */
async function quotaSkip(
  deps: ExplainDeps,
  target: RouteTarget,
): Promise<Skip | undefined> {
  const quota = deps.config.config.providers[target.instance]?.quota;
  if (quota === undefined) return undefined;
  const broken = await deps.instanceQuotas.peek({
    subject: target.instance,
    limits: quota,
  });
  if (broken === undefined) return undefined;
  return {
    reason: 'quota-spent',
    message: `its ${broken.points} calls ${broken.window} are used; the next frees in ${Math.ceil(broken.retryAfterMs / 1_000)} s`,
  };
}

/** What a paying key could hold now (undefined without a payer: nothing is charged). */
async function creditsOf(
  payer: GenerateOptions['payer'],
): Promise<number | undefined> {
  if (payer === undefined) return undefined;
  return (await payer.ledger.balance(payer.keyId)).available;
}

/** Whether the key's credits cover this target's estimate beyond what earlier targets hold. */
function creditSkip(options: {
  credits: number | undefined;
  held: number;
  cost: number | undefined;
}): Skip | undefined {
  const { credits, held, cost } = options;
  if (credits === undefined) return undefined;
  if (cost === undefined) {
    return {
      reason: 'unpriced',
      message:
        'no price is known for it, so a call with an API key cannot be charged there',
    };
  }
  if (cost - held <= credits) return undefined;
  return {
    reason: 'budget',
    message: `it may cost ${cost} micro-credits and the key has ${credits} available`,
  };
}

/** An open breaker refuses calls until its half-open probe. */
function breakerSkip(
  deps: ExplainDeps,
  route: Route,
  target: RouteTarget,
): Skip | undefined {
  return deps.engine.breakerState(target, route) === 'open'
    ? {
        reason: 'breaker-open',
        message: 'its circuit breaker is open after repeated failures',
      }
    : undefined;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
