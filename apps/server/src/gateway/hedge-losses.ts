import type { Attempt } from '@switchyard/core';
import type { CallContext } from './call-context';
import type { GatewayDeps } from './gateway-deps';

/**
 * Logs each hedge that lost in a served call: an attempt the route's
 * `hedge` cancelled because the other answered first. It is not charged to
 * the key, but the provider may bill the gateway for it, so the line
 * `hedge lost` carries its `gatewayCostMicroCredits` (its estimated price).
 */
export function logHedgeLosses(
  deps: Pick<GatewayDeps, 'logger'>,
  served: { call: CallContext; attempts: readonly Attempt[] },
): void {
  const { call, attempts } = served;
  for (const attempt of attempts) {
    if (attempt.gatewayCostMicroCredits === undefined) continue;
    deps.logger.info(
      {
        requestId: call.requestId,
        id: call.id,
        route: call.route.name,
        provider: attempt.provider,
        model: attempt.model,
        hedged: attempt.hedged === true,
        gatewayCostMicroCredits: attempt.gatewayCostMicroCredits,
      },
      'hedge lost',
    );
  }
}
