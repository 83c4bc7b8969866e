import type { GenerateResult } from '@switchyard/core';
import type { Logger } from '../logger';
import type { CreditHold } from './credit-hold';

/**
 * Charges a served result's cost against its hold (never more than was held:
 * the rest is `uncharged` and logged as a warning) and returns the result
 * with the cost that was charged. A call without a hold (no payer) is not
 * charged; its result keeps its cost.
 */
export async function chargeResult<TResult extends GenerateResult>(options: {
  hold: CreditHold | undefined;
  result: TResult;
  logger: Logger;
  requestId?: string;
}): Promise<{ result: TResult; uncharged: number }> {
  const { hold, logger } = options;
  const cost = options.result.cost.microCredits;
  if (hold === undefined) return { result: options.result, uncharged: 0 };
  const { charged, uncharged } = await hold.capture(cost);
  const result: TResult =
    charged === cost
      ? options.result
      : { ...options.result, cost: { microCredits: charged } };
  if (uncharged > 0) {
    logger.warn(
      {
        requestId: options.requestId,
        id: result.id,
        provider: result.provider,
        model: result.model,
        costMicroCredits: cost,
        chargedMicroCredits: charged,
        unchargedMicroCredits: uncharged,
      },
      'a call cost more than its credit hold; the excess was not charged',
    );
  }
  return { result, uncharged };
}
