import { randomUUID } from 'node:crypto';
import { SwitchyardError, type CreditLedger } from '@switchyard/core';
import { sql } from 'kysely';
import { assertAmount } from './amounts';
import { captureReservation } from './ledger-capture';
import { writeLedgerEntry } from './ledger-entries';
import {
  balanceOf,
  noSuchKey,
  releaseIn,
  reservationOf,
  toReservation,
} from './reservations';
import type { StoreDeps } from './store-deps';

/**
 * The credit ledger of a SQL store. Money moves only inside transactions
 * with conditional updates, so concurrent reservations never overdraw a key
 * and capture is idempotent.
 */
export function createCreditLedger(deps: StoreDeps): CreditLedger {
  const { db } = deps;
  return {
    balance: (keyId) => balanceOf(db, keyId),
    grant: grantCredits(deps),
    reserve: reserveCredits(deps),
    capture: captureReservation(deps),
    release: (reservationId) =>
      db.transaction().execute(async (trx) => {
        await releaseIn(trx, reservationId);
        return reservationOf(trx, reservationId);
      }),
    releaseExpired: releaseExpired(deps),
  };
}

function grantCredits({ db, now }: StoreDeps): CreditLedger['grant'] {
  return async ({ keyId, amount }) => {
    assertAmount(amount, 'amount');
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('switchyard_api_keys')
        .set({ balance: sql<number>`balance + ${amount}` })
        .where('id', '=', keyId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchKey(keyId);
      await writeLedgerEntry(trx, { keyId, kind: 'grant', amount, at: now() });
      return balanceOf(trx, keyId);
    });
  };
}

/** Holds credits for a call, only if they fit: a key is never overdrawn. */
function reserveCredits({ db, now }: StoreDeps): CreditLedger['reserve'] {
  return async ({ keyId, amount, ttlMs }) => {
    assertAmount(amount, 'amount');
    return db.transaction().execute(async (trx) => {
      // One conditional update: the hold is taken only if it fits, so two
      // concurrent reservations can never both take the last credits.
      const held = await trx
        .updateTable('switchyard_api_keys')
        .set({ reserved: sql<number>`reserved + ${amount}` })
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null)
        .where(sql<boolean>`balance - reserved >= ${amount}`)
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) === 0) {
        const balance = await balanceOf(trx, keyId);
        throw new SwitchyardError({
          code: 'quota_exceeded',
          isRetryable: false,
          message: `Not enough credits: ${balance.available} micro-credits available, this call needs up to ${amount}. Add credits to the key or lower the request.`,
        });
      }
      const createdAt = now();
      const reservation = {
        id: `res_${randomUUID()}`,
        key_id: keyId,
        amount,
        status: 'reserved' as const,
        created_at: createdAt,
        expires_at: createdAt + ttlMs,
        captured_amount: null,
      };
      await trx
        .insertInto('switchyard_reservations')
        .values(reservation)
        .execute();
      return toReservation(reservation);
    });
  };
}

/** The sweeper: frees every hold past its expiry, each in its own transaction. */
function releaseExpired({
  db,
  now,
}: StoreDeps): CreditLedger['releaseExpired'] {
  return async () => {
    const expired = await db
      .selectFrom('switchyard_reservations')
      .select('id')
      .where('status', '=', 'reserved')
      .where('expires_at', '<=', now())
      .execute();
    let released = 0;
    for (const { id } of expired) {
      const done = await db.transaction().execute((trx) => releaseIn(trx, id));
      if (done) released += 1;
    }
    return released;
  };
}
