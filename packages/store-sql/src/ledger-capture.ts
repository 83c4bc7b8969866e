import type { CreditLedger, Reservation } from '@switchyard/core';
import { sql } from 'kysely';
import { assertAmount } from './amounts';
import { writeLedgerEntry } from './ledger-entries';
import { balanceOf, reservationOf } from './reservations';
import { preparedQuery } from './prepared-query';
import type { Database, StoreDeps } from './store-deps';

/** Locks a reservation's row (PostgreSQL) or takes the write lock (SQLite): [id]. */
const lockReservation = preparedQuery(1, (database, [id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({ status: sql<Reservation['status']>`status` })
    .where('id', '=', id ?? ''),
);

/** Locks a key's row: [keyId]. */
const lockKey = preparedQuery(1, (database, [keyId]) =>
  database
    .updateTable('switchyard_api_keys')
    .set({ balance: sql<number>`balance` })
    .where('id', '=', keyId ?? ''),
);

/** Marks a reservation captured if its status is still the one read: [charged, id, status]. */
const markCaptured = preparedQuery(3, (database, [charged, id, status]) =>
  database
    .updateTable('switchyard_reservations')
    .set({
      status: 'captured',
      captured_amount: charged as unknown as number,
    })
    .where('id', '=', id ?? '')
    .where('status', '=', status as Reservation['status']),
);

/** Takes a charge from a key's balance and frees its hold: [charged, held, keyId]. */
export const chargeKey = preparedQuery(3, (database, [charged, held, keyId]) =>
  database
    .updateTable('switchyard_api_keys')
    .set({
      balance: sql<number>`balance - ${charged}`,
      reserved: sql<number>`reserved - ${held}`,
    })
    .where('id', '=', keyId ?? ''),
);

/**
 * Charges a reservation's actual cost once: a repeated or concurrent capture
 * returns the first one's result, and the charge is clamped so a balance
 * never goes below zero nor into other calls' holds.
 */
export function captureReservation({
  db,
  now,
}: StoreDeps): CreditLedger['capture'] {
  return async ({ reservationId, amount }) => {
    assertAmount(amount, 'amount');
    return db.transaction().execute(async (trx) => {
      // Lock the reservation's row, then the key's (PostgreSQL; the
      // order release takes them in): the clamp below reads the
      // balance, which no other transaction may move meanwhile.
      await lockReservation(trx, [reservationId]);
      const before = await reservationOf(trx, reservationId);
      if (before.status === 'captured') return before;
      const heldAmount = before.status === 'reserved' ? before.amount : 0;
      // A token's row before the key's, as reserve and release take them.
      if (before.tokenId !== undefined) {
        await trx
          .updateTable('switchyard_tokens')
          .set({ spent: sql<number>`spent` })
          .where('id', '=', before.tokenId)
          .execute();
      }
      await lockKey(trx, [before.keyId]);
      // Never below zero, nor into other calls' holds.
      const { available } = await balanceOf(trx, before.keyId);
      const tokenRoom = await roomOnToken(trx, before.tokenId);
      const charged = Math.max(
        0,
        Math.min(amount, available + heldAmount, tokenRoom + heldAmount),
      );
      const captured = await markCaptured(trx, [
        charged,
        reservationId,
        before.status,
      ]);
      // Another capture won the race: it charged; this one must not.
      if (Number(captured.numAffectedRows ?? 0n) === 0)
        return reservationOf(trx, reservationId);
      await charge(trx, { reservation: before, charged, heldAmount, now });
      return reservationOf(trx, reservationId);
    });
  };
}

/** What a token's cap leaves beyond its calls' holds and charges (no cap, no token: unbounded). */
async function roomOnToken(
  trx: Database,
  tokenId: string | undefined,
): Promise<number> {
  if (tokenId === undefined) return Number.POSITIVE_INFINITY;
  const token = await trx
    .selectFrom('switchyard_tokens')
    .select(['max_credits', 'spent', 'reserved'])
    .where('id', '=', tokenId)
    .executeTakeFirst();
  if (token?.max_credits == null) return Number.POSITIVE_INFINITY;
  return (
    Number(token.max_credits) - Number(token.spent) - Number(token.reserved)
  );
}

/** Takes the charge from the key's balance, frees its hold, and records it. */
async function charge(
  trx: Database,
  options: {
    reservation: Reservation;
    charged: number;
    heldAmount: number;
    now: () => number;
  },
): Promise<void> {
  const { reservation, charged, heldAmount, now } = options;
  if (reservation.tokenId !== undefined) {
    await trx
      .updateTable('switchyard_tokens')
      .set({
        spent: sql<number>`spent + ${charged}`,
        reserved: sql<number>`reserved - ${heldAmount}`,
      })
      .where('id', '=', reservation.tokenId)
      .execute();
  }
  await chargeKey(trx, [charged, heldAmount, reservation.keyId]);
  await writeLedgerEntry(trx, {
    keyId: reservation.keyId,
    kind: 'capture',
    amount: charged,
    reservationId: reservation.id,
    at: now(),
  });
}
