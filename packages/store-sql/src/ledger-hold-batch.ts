import { sortableId, type CreditLedger } from '@switchyard/core';
import type { StoreDeps } from './store-deps';

type HeldCharges = Parameters<
  NonNullable<CreditLedger['chargeHolds']>
>[0][number];

/** A hold of the group whose every charge fits what its call held. */
export interface FittingHold {
  index: number;
  hold: HeldCharges;
  total: number;
}

/** The ids a script may name: ours are `res_…` and `ent_…` (see core's `sortableId`), `key_…` and UUIDs. */
const PLAIN_ID = /^[\w:.-]{1,200}$/;

/** A text value written into a script, refused unless it is a plain id. */
function literal(value: string): string {
  if (!PLAIN_ID.test(value)) {
    throw new Error(`Refusing to charge an id that is not plain: ${value}.`);
  }
  return `'${value}'`;
}

/** A whole number of micro-credits (or milliseconds) written into a script. */
function whole(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`Refusing to charge ${value}: not a whole number.`);
  }
  return `${value}::bigint`;
}

const sortedIds = (ids: Iterable<string>): string =>
  [...new Set(ids)].sort().map(literal).join(', ');

/**
 * The script of {@link takeFittingHolds}: it locks the holds, then the keys,
 * each in id order (the order releases and the sweeper lock them in, so two
 * groups never wait on each other in a cycle), then takes each total out of
 * its hold when the hold still has it, charges each key the sum of its holds
 * taken and writes one `capture` entry per call of those holds.
 */
function chargeScript(fitting: FittingHold[], at: number): string {
  const holds = fitting
    .map(
      ({ hold, total }) => `(${literal(hold.reservationId)}, ${whole(total)})`,
    )
    .join(', ');
  const calls = fitting
    .flatMap(({ hold }) =>
      hold.charges.map(
        (charge) =>
          `(${literal(hold.reservationId)}, ${literal(sortableId('ent_'))}, ${literal(charge.id)}, ${whole(charge.amount)})`,
      ),
    )
    .join(', ');
  return `
select id from switchyard_reservations
 where id in (${sortedIds(fitting.map(({ hold }) => hold.reservationId))})
 order by id for update;
select id from switchyard_api_keys
 where id in (${sortedIds(fitting.map(({ hold }) => hold.keyId))})
 order by id for update;
with held(id, total) as (values ${holds}),
taken as (
  update switchyard_reservations as r set amount = r.amount - held.total
    from held
   where r.id = held.id and r.status = 'reserved' and r.amount >= held.total
  returning r.id, r.key_id, held.total
),
per_key as (select key_id, sum(total) as total from taken group by key_id),
charged as (
  update switchyard_api_keys as k
     set balance = k.balance - per_key.total, reserved = k.reserved - per_key.total
    from per_key
   where k.id = per_key.key_id
),
calls(hold_id, id, call_id, amount) as (values ${calls}),
entries as (
  insert into switchyard_ledger_entries
    (id, key_id, kind, amount, reservation_id, created_at)
  select calls.id, taken.key_id, 'capture', calls.amount, calls.call_id, ${whole(at)}
    from calls join taken on taken.id = calls.hold_id
)
select id, key_id from taken;`;
}

/**
 * PostgreSQL: charges every fitting hold of a group in one round trip and
 * one transaction, whatever the number of keys (see {@link chargeScript}).
 * Returns the holds taken, with their key; the others are left to the
 * clamped path.
 */
export async function takeFittingHolds(
  script: NonNullable<StoreDeps['script']>,
  fitting: FittingHold[],
  at: number,
): Promise<Map<number, string>> {
  const taken = new Map<number, string>();
  if (fitting.length === 0) return taken;
  const results = await script(chargeScript(fitting, at));
  const byId = new Map(fitting.map((item) => [item.hold.reservationId, item]));
  for (const row of results.at(-1) ?? []) {
    const item = byId.get(String(row.id));
    if (item !== undefined) taken.set(item.index, String(row.key_id));
  }
  return taken;
}
