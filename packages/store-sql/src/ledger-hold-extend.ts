import type { CreditLedger, HoldExtension } from '@switchyard/core';
import { sql } from 'kysely';
import { assertAmount } from './amounts';
import { preparedQuery } from './prepared-query';
import { holdOnKey } from './reservations';
import type { StoreDeps } from './store-deps';

/** Moves a live hold's expiry: [expiresAt, id]. */
const moveExpiry = preparedQuery(2, (database, [expiresAt, id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({ expires_at: expiresAt as unknown as number })
    .where('id', '=', id ?? '')
    .where('status', '=', 'reserved'),
);

/** Grows a live hold and moves its expiry, naming its key: [amount, expiresAt, id]. */
const growHold = preparedQuery(3, (database, [amount, expiresAt, id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({
      amount: sql<number>`amount + ${amount}`,
      expires_at: expiresAt as unknown as number,
    })
    .where('id', '=', id ?? '')
    .where('status', '=', 'reserved')
    .returning(['key_id']),
);

/** Rolls a grow back when the key's credits do not cover it. */
class Short extends Error {}

const changed = (result: { numAffectedRows?: bigint }): boolean =>
  Number(result.numAffectedRows ?? 0n) > 0;

/**
 * Moves a live hold's expiry and grows it by `amount` out of the key's
 * available credits, in one transaction that locks the hold, then the key
 * (the order charges and releases lock them in). Nothing changes when the
 * hold is no longer reserved (`gone`) or the key cannot cover it (`short`).
 */
export function extendHold({
  db,
}: StoreDeps): NonNullable<CreditLedger['extendHold']> {
  return async ({ reservationId, expiresAt, amount = 0 }) => {
    assertAmount(amount, 'amount');
    if (amount === 0) {
      const moved = await moveExpiry(db, [expiresAt, reservationId]);
      return changed(moved) ? 'extended' : 'gone';
    }
    try {
      return await db.transaction().execute(async (trx) => {
        const [hold] = (await growHold(trx, [amount, expiresAt, reservationId]))
          .rows;
        if (hold === undefined) return 'gone' as const;
        if (!changed(await holdOnKey(trx, [amount, hold.key_id]))) {
          throw new Short();
        }
        return 'extended' as const;
      });
    } catch (error) {
      if (error instanceof Short) return 'short' satisfies HoldExtension;
      throw error;
    }
  };
}
