import { SwitchyardError } from '@switchyard/core';

/** Refuses an amount that is not a whole, non-negative number of micro-credits. */
export function assertAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `${what} must be a whole, non-negative number of micro-credits, not ${amount}.`,
    });
  }
}
