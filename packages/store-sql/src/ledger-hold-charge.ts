import type { CreditLedger } from '@switchyard/core';
import { sql } from 'kysely';
import { assertAmount } from './amounts';
import { chargeKey } from './ledger-capture';
import { takeFittingHolds } from './ledger-hold-batch';
import { writeLedgerEntries, writeLedgerEntry } from './ledger-entries';
import { preparedQuery } from './prepared-query';
import { noSuchReservation } from './reservations';
import type { Database, StoreDeps } from './store-deps';

/** Locks a hold's row and reads it: [id]. */
const lockHold = preparedQuery(1, (database, [id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({ status: sql`status` })
    .where('id', '=', id ?? '')
    .returning(['key_id', 'status', 'amount']),
);

/** Locks a key's row and reads its credits: [keyId]. */
const lockCredits = preparedQuery(1, (database, [keyId]) =>
  database
    .updateTable('switchyard_api_keys')
    .set({ balance: sql`balance` })
    .where('id', '=', keyId ?? '')
    .returning(['balance', 'reserved']),
);

/** Takes `taken` out of a hold: [taken, id]. */
const shrinkHold = preparedQuery(2, (database, [taken, id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({ amount: sql<number>`amount - ${taken}` })
    .where('id', '=', id ?? ''),
);

/**
 * Takes `total` out of a hold that still holds it, in one statement, and
 * names the hold's key: [total, id]. The common case of a group whose every
 * charge fits what its call held.
 */
const takeFromHold = preparedQuery(2, (database, [total, id]) =>
  database
    .updateTable('switchyard_reservations')
    .set({ amount: sql<number>`amount - ${total}` })
    .where('id', '=', id ?? '')
    .where('status', '=', 'reserved')
    .where(sql<boolean>`amount >= ${total}`)
    .returning(['key_id']),
);

type HeldCharges = Parameters<
  NonNullable<CreditLedger['chargeHolds']>
>[0][number];
type HoldCharge = HeldCharges['charges'][number];

/**
 * Charges calls against holds in one transaction (slices leased by core's
 * `createLeasedLedger`): each charge takes from its hold up to what its call
 * held, and beyond that only from the key's free credits, so a balance never
 * goes below zero nor into other holds. A hold shrinks by what it paid and
 * stays `reserved`; one `capture` ledger entry per charge names the call's
 * own hold id. A hold the sweeper already released pays nothing: its
 * charges come from free credits only. Holds are charged in key order (then
 * hold id), so two groups never wait on each other's rows in a cycle.
 */
export function chargeHolds(
  deps: StoreDeps,
): NonNullable<CreditLedger['chargeHolds']> {
  return async (holds) => {
    for (const { charges } of holds) {
      for (const charge of charges) {
        assertAmount(charge.amount, 'amount');
        assertAmount(charge.held, 'held');
      }
    }
    const charged: number[][] = Array.from(holds, () => []);
    let rest = holds.map((_, index) => index);
    if (deps.script !== undefined) {
      rest = await chargeFittingInBulk(deps.script, {
        holds,
        charged,
        at: deps.now(),
      });
    }
    if (rest.length === 0) return charged;
    const order = rest.sort(
      (a, b) =>
        compare(holds[a]?.keyId ?? '', holds[b]?.keyId ?? '') ||
        compare(holds[a]?.reservationId ?? '', holds[b]?.reservationId ?? ''),
    );
    await deps.db.transaction().execute(async (trx) => {
      for (const index of order) {
        const hold = holds[index];
        if (hold !== undefined)
          charged[index] = await chargeOne(deps, trx, hold);
      }
    });
    return charged;
  };
}

/**
 * PostgreSQL: the holds whose charges all fit go in one round trip for the
 * whole group (see {@link takeFittingHolds}); returns the indexes left for
 * the clamped path, which runs in a transaction of its own afterwards.
 */
async function chargeFittingInBulk(
  script: NonNullable<StoreDeps['script']>,
  {
    holds,
    charged,
    at,
  }: { holds: HeldCharges[]; charged: number[][]; at: number },
): Promise<number[]> {
  const fitting = holds.flatMap((hold, index) =>
    hold.charges.every((charge) => charge.amount <= charge.held)
      ? [{ index, hold, total: sum(hold.charges) }]
      : [],
  );
  const taken = await takeFittingHolds(script, fitting, at);
  for (const index of taken.keys()) {
    charged[index] = (holds[index]?.charges ?? []).map(
      (charge) => charge.amount,
    );
  }
  return holds.flatMap((_, index) => (taken.has(index) ? [] : [index]));
}

const sum = (charges: HoldCharge[]): number =>
  charges.reduce((total, charge) => total + charge.amount, 0);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Charges one hold's calls inside the group's transaction. */
async function chargeOne(
  deps: StoreDeps,
  trx: Database,
  hold: HeldCharges,
): Promise<number[]> {
  const { reservationId, charges } = hold;
  const total = sum(charges);
  // Every charge within its call's hold, and the hold still has it: the
  // balance and the hold drop by the same amount, nothing to clamp.
  if (charges.every((charge) => charge.amount <= charge.held)) {
    const [row] = (await takeFromHold(trx, [total, reservationId])).rows;
    if (row !== undefined) {
      const charged = charges.map((charge) => charge.amount);
      await chargeKey(trx, [total, total, row.key_id]);
      await writeEntries(deps, trx, { keyId: row.key_id, charges, charged });
      return charged;
    }
  }
  return chargeClamped(deps, trx, hold);
}

/** The general case: reads the hold and the key's credits, and clamps each charge. */
async function chargeClamped(
  deps: StoreDeps,
  trx: Database,
  options: HeldCharges,
): Promise<number[]> {
  const { reservationId, charges } = options;
  const [hold] = (await lockHold(trx, [reservationId])).rows;
  if (hold === undefined) throw noSuchReservation(reservationId);
  const [key] = (await lockCredits(trx, [hold.key_id])).rows;
  let inHold = hold.status === 'reserved' ? Number(hold.amount) : 0;
  let free = key === undefined ? 0 : Number(key.balance) - Number(key.reserved);
  let fromHold = 0;
  const charged = charges.map(({ amount, held }) => {
    const fromThisHold = Math.min(amount, held, inHold);
    inHold -= fromThisHold;
    fromHold += fromThisHold;
    const fromFree = Math.max(0, Math.min(amount - fromThisHold, free));
    free -= fromFree;
    return fromThisHold + fromFree;
  });
  const total = charged.reduce((all, amount) => all + amount, 0);
  if (fromHold > 0) await shrinkHold(trx, [fromHold, reservationId]);
  if (total > 0 || fromHold > 0) {
    await chargeKey(trx, [total, fromHold, hold.key_id]);
  }
  await writeEntries(deps, trx, { keyId: hold.key_id, charges, charged });
  return charged;
}

/** One `capture` entry per charge; PostgreSQL: one round trip for the group. */
async function writeEntries(
  { now, dialect }: StoreDeps,
  trx: Database,
  options: { keyId: string; charges: HoldCharge[]; charged: number[] },
): Promise<void> {
  const at = now();
  const entries = options.charges.map((charge, index) => ({
    keyId: options.keyId,
    kind: 'capture' as const,
    amount: options.charged[index] ?? 0,
    reservationId: charge.id,
    at,
  }));
  if (dialect === 'postgres') await writeLedgerEntries(trx, entries);
  else for (const entry of entries) await writeLedgerEntry(trx, entry);
}
