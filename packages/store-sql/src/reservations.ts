import {
  SwitchyardError,
  type CreditBalance,
  type Reservation,
} from '@switchyard/core';
import { sql, type Selectable } from 'kysely';
import type { ReservationsTable } from './database';
import { preparedQuery } from './prepared-query';
import type { Database } from './store-deps';

/** A reservation row as the ledger hands it out. */
export function toReservation(row: Selectable<ReservationsTable>): Reservation {
  return {
    id: row.id,
    keyId: row.key_id,
    amount: Number(row.amount),
    status: row.status,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    ...(row.captured_amount == null
      ? {}
      : { capturedAmount: Number(row.captured_amount) }),
    ...(row.token_id == null ? {} : { tokenId: row.token_id }),
  };
}

const selectBalance = preparedQuery(1, (database, [keyId]) =>
  database
    .selectFrom('switchyard_api_keys')
    .select(['balance', 'reserved'])
    .where('id', '=', keyId ?? ''),
);

/** A key's credits as `database` sees them; `not_found` for no such key. */
export async function balanceOf(
  database: Database,
  keyId: string,
): Promise<CreditBalance> {
  const [row] = (await selectBalance(database, [keyId])).rows;
  if (row === undefined) throw noSuchKey(keyId);
  const balance = Number(row.balance);
  const reserved = Number(row.reserved);
  return { keyId, balance, reserved, available: balance - reserved };
}

/** The `not_found` error for a key id the store does not hold. */
export function noSuchKey(keyId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'not_found',
    message: `No API key ${keyId}.`,
  });
}

const selectReservation = preparedQuery(1, (database, [id]) =>
  database
    .selectFrom('switchyard_reservations')
    .selectAll()
    .where('id', '=', id ?? ''),
);

/** A reservation as `database` sees it; `not_found` for no such reservation. */
export async function reservationOf(
  database: Database,
  id: string,
): Promise<Reservation> {
  const [row] = (await selectReservation(database, [id])).rows;
  if (row === undefined) throw noSuchReservation(id);
  return toReservation(row);
}

/** The `not_found` error for a reservation id the store does not hold. */
export function noSuchReservation(id: string): SwitchyardError {
  return new SwitchyardError({
    code: 'not_found',
    message: `No reservation ${id}.`,
  });
}

/** Takes a hold on a live key's credits only if it fits: [amount, keyId]. */
export const holdOnKey = preparedQuery(2, (database, [amount, keyId]) =>
  database
    .updateTable('switchyard_api_keys')
    .set({ reserved: sql<number>`reserved + ${amount}` })
    .where('id', '=', keyId ?? '')
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`balance - reserved >= ${amount}`),
);

/** Frees a hold: reserved → released, and the key's reserved total drops. */
export async function releaseIn(
  database: Database,
  id: string,
): Promise<boolean> {
  const released = await database
    .updateTable('switchyard_reservations')
    .set({ status: 'released' })
    .where('id', '=', id)
    .where('status', '=', 'reserved')
    .returning(['key_id', 'amount', 'token_id'])
    .executeTakeFirst();
  if (released === undefined) return false;
  if (released.token_id !== null) {
    await database
      .updateTable('switchyard_tokens')
      .set({ reserved: sql<number>`reserved - ${Number(released.amount)}` })
      .where('id', '=', released.token_id)
      .execute();
  }
  await database
    .updateTable('switchyard_api_keys')
    .set({ reserved: sql<number>`reserved - ${Number(released.amount)}` })
    .where('id', '=', released.key_id)
    .execute();
  return true;
}
