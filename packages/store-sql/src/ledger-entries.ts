import { randomUUID } from 'node:crypto';
import type { LedgerEntriesTable } from './database';
import { preparedQuery } from './prepared-query';
import type { Database } from './store-deps';

/** Appends one movement of credits to the ledger's history. */
export async function writeLedgerEntry(
  database: Database,
  entry: {
    keyId: string;
    kind: LedgerEntriesTable['kind'];
    amount: number;
    reservationId?: string;
    at: number;
  },
): Promise<void> {
  await insertEntry(database, [
    randomUUID(),
    entry.keyId,
    entry.kind,
    entry.amount,
    entry.reservationId ?? null,
    entry.at,
  ]);
}

const insertEntry = preparedQuery(6, (database, slots) => {
  const [id, keyId, kind, amount, reservationId, at] = slots as [
    string,
    string,
    LedgerEntriesTable['kind'],
    string,
    string,
    string,
  ];
  return database.insertInto('switchyard_ledger_entries').values({
    id,
    key_id: keyId,
    kind,
    amount: amount as unknown as number,
    reservation_id: reservationId,
    created_at: at as unknown as number,
  });
});
