import {
  SwitchyardError,
  type CreditLedger,
  type Reservation,
  type RouteTarget,
} from '@switchyard/core';

/** Credits held for one `generate` call across its targets. */
export interface CreditHold {
  /**
   * Before a target's first attempt: holds what it may cost. The first target
   * failing to fit throws `quota_exceeded` (before any provider call); a later
   * target that does not fit is skipped with reason `budget`, so a cheap
   * primary never lets a key reach a fallback it cannot pay for.
   */
  admit(target: RouteTarget): Promise<{ skip: string } | undefined>;
  /** Charges the actual cost once and frees the rest of the hold. */
  capture(amount: number): Promise<void>;
  /** Frees the whole hold without charging. */
  release(): Promise<void>;
}

/** Holds credits for a call, as {@link CreditHold} describes. */
export function createCreditHold(options: {
  ledger: CreditLedger;
  keyId: string;
  /** The most a call to this target may cost, in micro-credits. */
  estimate: (target: RouteTarget) => number;
  /** How long a hold lives before the sweeper frees it (a crashed call). */
  ttlMs: number;
}): CreditHold {
  const { ledger, keyId, ttlMs } = options;
  const holds: Reservation[] = [];
  let admitted = 0;
  const held = () => holds.reduce((sum, hold) => sum + hold.amount, 0);

  return {
    async admit(target) {
      const isFirst = admitted === 0;
      admitted += 1;
      const missing = options.estimate(target) - held();
      if (missing <= 0) return undefined;
      try {
        holds.push(await ledger.reserve({ keyId, amount: missing, ttlMs }));
        return undefined;
      } catch (error) {
        if (
          isFirst ||
          !SwitchyardError.isInstance(error) ||
          error.code !== 'quota_exceeded'
        ) {
          throw error;
        }
        return { skip: 'budget' };
      }
    },
    async capture(amount) {
      const [first, ...rest] = holds;
      if (first === undefined) {
        // Nothing was held (the estimate was 0): charge what it cost anyway.
        if (amount > 0) {
          const hold = await ledger.reserve({ keyId, amount, ttlMs });
          await ledger.capture({ reservationId: hold.id, amount });
        }
        return;
      }
      await ledger.capture({ reservationId: first.id, amount });
      for (const hold of rest) await ledger.release(hold.id);
    },
    async release() {
      for (const hold of holds) await ledger.release(hold.id);
    },
  };
}
