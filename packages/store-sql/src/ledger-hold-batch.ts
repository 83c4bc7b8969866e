import type { CreditLedger } from '@switchyard/core';
import { sql } from 'kysely';
import type { Database } from './store-deps';

type HeldCharges = Parameters<
  NonNullable<CreditLedger['chargeHolds']>
>[0][number];

/** A hold of the group whose every charge fits what its call held. */
export interface FittingHold {
  index: number;
  hold: HeldCharges;
  total: number;
}

/**
 * PostgreSQL: charges every fitting hold of a group in three statements,
 * whatever the number of keys: one update takes each total out of its
 * hold (when the hold still has it), one locks the keys in id order (so two
 * groups never wait on each other in a cycle), one charges them. Returns
 * the holds taken, with their key; the others are left to the clamped path.
 */
export async function takeFittingHolds(
  trx: Database,
  fitting: FittingHold[],
): Promise<Map<number, string>> {
  const byId = new Map(fitting.map((item) => [item.hold.reservationId, item]));
  const holds = sql.join(
    fitting.map(
      ({ hold, total }) => sql`(${hold.reservationId}::text, ${total}::bigint)`,
    ),
  );
  const { rows } = await sql<{ id: string; key_id: string }>`
    update switchyard_reservations as r
       set amount = r.amount - v.total
      from (values ${holds}) as v(id, total)
     where r.id = v.id and r.status = 'reserved' and r.amount >= v.total
    returning r.id, r.key_id`.execute(trx);
  const taken = new Map<number, string>();
  const perKey = new Map<string, number>();
  for (const row of rows) {
    const item = byId.get(row.id);
    if (item === undefined) continue;
    taken.set(item.index, row.key_id);
    perKey.set(row.key_id, (perKey.get(row.key_id) ?? 0) + item.total);
  }
  if (perKey.size === 0) return taken;
  const keyIds = [...perKey.keys()].sort();
  await sql`
    select id from switchyard_api_keys
     where id in (${sql.join(keyIds)}) order by id for update`.execute(trx);
  const charges = sql.join(
    keyIds.map((keyId) => sql`(${keyId}::text, ${perKey.get(keyId)}::bigint)`),
  );
  await sql`
    update switchyard_api_keys as k
       set balance = k.balance - v.total, reserved = k.reserved - v.total
      from (values ${charges}) as v(id, total)
     where k.id = v.id`.execute(trx);
  return taken;
}
