import { sortableId } from '@switchyard/core';
import type { LedgerEntriesTable } from './database';
import { preparedQuery } from './prepared-query';
import type { Database } from './store-deps';

/** One movement of credits in the ledger's history. */
export interface LedgerEntry {
  keyId: string;
  kind: LedgerEntriesTable['kind'];
  amount: number;
  reservationId?: string;
  at: number;
}

/** Appends several movements in one statement. */
export async function writeLedgerEntries(
  database: Database,
  entries: LedgerEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await database
    .insertInto('switchyard_ledger_entries')
    .values(
      entries.map((entry) => ({
        id: sortableId('ent_'),
        key_id: entry.keyId,
        kind: entry.kind,
        amount: entry.amount,
        reservation_id: entry.reservationId ?? null,
        created_at: entry.at,
      })),
    )
    .execute();
}

/** Appends one movement of credits to the ledger's history. */
export async function writeLedgerEntry(
  database: Database,
  entry: LedgerEntry,
): Promise<void> {
  await insertEntry(database, [
    sortableId('ent_'),
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
