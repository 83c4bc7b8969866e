import {
  SwitchyardError,
  type CreditLedger,
  type Reservation,
  type RouteTarget,
  type SkipReason,
} from '@switchyard/core';
import { UNPRICED } from './price-book';

/** What a capture charged, and what the call cost beyond that. */
export interface Captured {
  /** Micro-credits taken from the key. */
  charged: number;
  /** Micro-credits the call cost past its hold (or the key's balance): not charged. */
  uncharged: number;
}

/** Credits held for one `generate` call across its targets. */
export interface CreditHold {
  /**
   * Before a target's first attempt: holds what it may cost. The first target
   * failing to fit throws `quota_exceeded` (before any provider call); a later
   * target that does not fit is skipped with reason `budget`, so a cheap
   * primary never lets a key reach a fallback it cannot pay for. A target
   * with no price is skipped with reason `unpriced`.
   */
  admit(target: RouteTarget): Promise<{ skip: SkipReason } | undefined>;
  /**
   * Charges the actual cost once, never more than was held, and frees the
   * rest of the hold. What the cost exceeds the hold by is not charged: it is
   * returned as `uncharged`.
   */
  capture(amount: number): Promise<Captured>;
  /** Frees the whole hold without charging. */
  release(): Promise<void>;
}

/** Holds credits for a call, as {@link CreditHold} describes. */
export function createCreditHold(options: {
  ledger: CreditLedger;
  keyId: string;
  /** The minted token the call is made with, whose cap each hold must fit. */
  tokenId?: string;
  /** What the holds are for, when that outlives the process (a job's id). */
  holder?: string;
  /**
   * The most a call to this target may cost, in micro-credits; undefined
   * when the target has no price (it is then skipped).
   */
  estimate: (target: RouteTarget) => number | undefined;
  /** How long a hold lives before the sweeper frees it (a crashed call). */
  ttlMs: number;
}): CreditHold {
  const { ledger, keyId, ttlMs, tokenId, holder } = options;
  const holds: Reservation[] = [];
  let admitted = 0;
  const held = () => holds.reduce((sum, hold) => sum + hold.amount, 0);

  return {
    async admit(target) {
      const estimate = options.estimate(target);
      if (estimate === undefined) return { skip: UNPRICED };
      const isFirst = admitted === 0;
      admitted += 1;
      const missing = estimate - held();
      if (missing <= 0) return undefined;
      try {
        holds.push(
          await ledger.reserve({
            keyId,
            amount: missing,
            ttlMs,
            tokenId,
            holder,
          }),
        );
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
      let remaining = amount;
      let charged = 0;
      // Each hold is charged at most its own amount; the ledger may charge
      // less still (a hold the sweeper freed, a balance run low).
      for (const hold of holds) {
        const take = Math.min(remaining, hold.amount);
        if (take <= 0) {
          await ledger.release(hold.id);
          continue;
        }
        const captured = await ledger.capture({
          reservationId: hold.id,
          amount: take,
        });
        charged += captured.capturedAmount ?? 0;
        remaining -= take;
      }
      return { charged, uncharged: amount - charged };
    },
    async release() {
      for (const hold of holds) await ledger.release(hold.id);
    },
  };
}
