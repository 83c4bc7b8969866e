import {
  sortableId,
  SwitchyardError,
  type CreditLedger,
} from '@switchyard/core';
import { sql } from 'kysely';
import { assertAmount } from './amounts';
import { captureReservation } from './ledger-capture';
import { chargeHolds } from './ledger-hold-charge';
import { extendHold } from './ledger-hold-extend';
import { writeLedgerEntry } from './ledger-entries';
import {
  balanceOf,
  holdOnKey,
  noSuchKey,
  releaseIn,
  reservationOf,
  toReservation,
} from './reservations';
import { preparedQuery } from './prepared-query';
import type { Database, StoreDeps } from './store-deps';

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
    releaseHeldBy: releaseHeldBy(deps),
    chargeHolds: chargeHolds(deps),
    extendHold: extendHold(deps),
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

/** [id, keyId, amount, createdAt, expiresAt, tokenId, holder]. */
const insertReservation = preparedQuery(7, (database, slots) => {
  const [id, keyId, amount, createdAt, expiresAt, tokenId, holder] = slots as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return database.insertInto('switchyard_reservations').values({
    id,
    key_id: keyId,
    amount: amount as unknown as number,
    status: 'reserved',
    created_at: createdAt as unknown as number,
    expires_at: expiresAt as unknown as number,
    captured_amount: null,
    token_id: tokenId,
    holder,
  });
});

/** Holds credits for a call, only if they fit: a key is never overdrawn. */
function reserveCredits({ db, now }: StoreDeps): CreditLedger['reserve'] {
  return async ({ keyId, amount, ttlMs, tokenId, holder }) => {
    assertAmount(amount, 'amount');
    return db.transaction().execute(async (trx) => {
      // Token first, then key: the order capture and release lock them in.
      if (tokenId !== undefined) await holdOnToken(trx, { tokenId, amount });
      // One conditional update: the hold is taken only if it fits, so two
      // concurrent reservations can never both take the last credits.
      const held = await holdOnKey(trx, [amount, keyId]);
      if (Number(held.numAffectedRows ?? 0n) === 0) {
        const balance = await balanceOf(trx, keyId);
        throw new SwitchyardError({
          code: 'quota_exceeded',
          isRetryable: false,
          message: `Not enough credits: ${balance.available} micro-credits available, this call needs up to ${amount}. Add credits to the key or lower the request.`,
        });
      }
      const createdAt = now();
      const reservation = {
        id: sortableId('res_'),
        key_id: keyId,
        amount,
        status: 'reserved' as const,
        created_at: createdAt,
        expires_at: createdAt + ttlMs,
        captured_amount: null,
        token_id: tokenId ?? null,
        holder: holder ?? null,
      };
      await insertReservation(trx, [
        reservation.id,
        keyId,
        amount,
        createdAt,
        reservation.expires_at,
        reservation.token_id,
        reservation.holder,
      ]);
      return toReservation(reservation);
    });
  };
}

/**
 * Holds `amount` on a minted token's budget, only if it fits its cap with
 * its other calls' holds and charges (one conditional update, so concurrent
 * calls from one end user never pass the cap together).
 */
async function holdOnToken(
  trx: Database,
  options: { tokenId: string; amount: number },
): Promise<void> {
  const { tokenId, amount } = options;
  const held = await trx
    .updateTable('switchyard_tokens')
    .set({ reserved: sql<number>`reserved + ${amount}` })
    .where('id', '=', tokenId)
    .where(
      sql<boolean>`(max_credits is null or max_credits - spent - reserved >= ${amount})`,
    )
    .executeTakeFirst();
  if (Number(held.numUpdatedRows) > 0) return;
  const token = await trx
    .selectFrom('switchyard_tokens')
    .select(['max_credits', 'spent', 'reserved'])
    .where('id', '=', tokenId)
    .executeTakeFirst();
  if (token === undefined) {
    throw new SwitchyardError({
      code: 'auth',
      message: `No minted token ${tokenId}: mint a new one.`,
    });
  }
  const left =
    Number(token.max_credits) - Number(token.spent) - Number(token.reserved);
  throw new SwitchyardError({
    code: 'quota_exceeded',
    isRetryable: false,
    message: `This token's credit cap is reached: ${Math.max(0, left)} of its ${Number(token.max_credits)} micro-credits left, this call needs up to ${amount}. Mint a new token (from the app's backend) to spend more.`,
  });
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

/** Frees the holds a job's dead run left, each in its own transaction. */
function releaseHeldBy({ db }: StoreDeps): CreditLedger['releaseHeldBy'] {
  return async (holder) => {
    const held = await db
      .selectFrom('switchyard_reservations')
      .select('id')
      .where('status', '=', 'reserved')
      .where('holder', '=', holder)
      .execute();
    let released = 0;
    for (const { id } of held) {
      const done = await db.transaction().execute((trx) => releaseIn(trx, id));
      if (done) released += 1;
    }
    return released;
  };
}
