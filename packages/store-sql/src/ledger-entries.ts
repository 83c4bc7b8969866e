import { randomUUID } from 'node:crypto';
import type { LedgerEntriesTable } from './database';
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
  await database
    .insertInto('switchyard_ledger_entries')
    .values({
      id: randomUUID(),
      key_id: entry.keyId,
      kind: entry.kind,
      amount: entry.amount,
      reservation_id: entry.reservationId ?? null,
      created_at: entry.at,
    })
    .execute();
}
