import {
  formatTarget,
  type AdmitVerdict,
  type Route,
  type RouteTarget,
} from '@switchyard/core';
import { HOLD_MARGIN_MS, type CallContext } from './call-context';
import type { CreditHold } from './credit-hold';
import type { GatewayDeps } from './gateway-deps';
import type { GenerateOptions } from './gateway';
import { createHoldFor } from './hold-estimate';
import { healthSkip } from './health-skip';
import { mayReach } from './may-reach';

/** Decides, before a target's first attempt, whether the call may try it. */
export type AdmitTarget = (
  target: RouteTarget,
) => Promise<AdmitVerdict | undefined>;

/**
 * What decides, before each target, whether the call may try it: the key's
 * allowed providers, the request's requirements, the target's health, the
 * instance's quota, then the key's credits.
 */
export function admitterFor(
  deps: Pick<GatewayDeps, 'config' | 'instanceQuotas' | 'health' | 'engine'>,
  options: {
    payer: GenerateOptions['payer'];
    hold: CreditHold | undefined;
    route: Route;
    exclusions: CallContext['exclusions'];
  },
): AdmitTarget {
  const { payer, hold, route, exclusions } = options;
  return async (target) => {
    if (!mayReach(payer, target.instance)) return { skip: 'not-allowed' };
    const unmet = exclusions.get(formatTarget(target));
    if (unmet !== undefined) {
      return { skip: { reason: 'requirement-unmet', message: unmet } };
    }
    const down = healthSkip(deps, route, target);
    if (down !== undefined) return { skip: down };
    const quota = deps.config.config.providers[target.instance]?.quota;
    if (quota !== undefined) {
      const broken = await deps.instanceQuotas.consume({
        subject: target.instance,
        limits: quota,
      });
      if (broken !== undefined) return { skip: 'quota-spent' };
    }
    return hold?.admit(target);
  };
}

/** The credit hold of a paying call (none without a payer), living past its route's deadline. */
export function holdFor(
  deps: Pick<GatewayDeps, 'priceBook' | 'resolveModel'>,
  call: CallContext,
): CreditHold | undefined {
  return createHoldFor({
    ...call,
    priceBook: deps.priceBook,
    resolveModel: deps.resolveModel,
    ttlMs: call.route.deadlineMs + HOLD_MARGIN_MS,
  });
}
