import type { RouteTarget, SkipReason } from '@switchyard/core';
import { HOLD_MARGIN_MS, type CallContext } from './call-context';
import type { CreditHold } from './credit-hold';
import type { GatewayDeps } from './gateway-deps';
import type { GenerateOptions } from './gateway';
import { createHoldFor } from './hold-estimate';
import { mayReach } from './may-reach';

/** Decides, before a target's first attempt, whether the call may try it. */
export type AdmitTarget = (
  target: RouteTarget,
) => Promise<{ skip: SkipReason } | undefined>;

/**
 * What decides, before each target, whether the call may try it: the key's
 * allowed providers, the instance's quota, then the key's credits.
 */
export function admitterFor(
  deps: Pick<GatewayDeps, 'config' | 'instanceQuotas'>,
  options: { payer: GenerateOptions['payer']; hold: CreditHold | undefined },
): AdmitTarget {
  const { payer, hold } = options;
  return async (target) => {
    if (!mayReach(payer, target.instance)) return { skip: 'not-allowed' };
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
