import type { CreditLedger, HoldCharge } from './store';

/** A charge waiting for the next group. */
interface PendingCharge {
  slice: LeaseSlice;
  charge: HoldCharge;
  resolve(charged: number): void;
  reject(error: unknown): void;
}

/** The most charges one group writes in one transaction. */
const MAX_GROUP = 512;

/**
 * One slice of a key's credits, held in the store as a single reservation
 * and handed out to this process's calls as local holds. `free` is what no
 * local hold has taken; `holds` counts local holds not yet settled.
 */
export interface LeaseSlice {
  id: string;
  keyId: string;
  free: number;
  holds: number;
  expiresAt: number;
  ttlMs: number;
  /** False once a newer slice serves the key's new calls. */
  current: boolean;
  /** The store no longer holds it (the sweeper released it). */
  dead: boolean;
  extending?: Promise<void>;
  cancelIdle?: () => void;
  cancelRenew?: () => void;
}

/** A new slice for `reservation`, current and with nothing handed out yet. */
export function newSlice(reservation: {
  id: string;
  keyId: string;
  amount: number;
  expiresAt: number;
  createdAt: number;
}): LeaseSlice {
  return {
    id: reservation.id,
    keyId: reservation.keyId,
    free: reservation.amount,
    holds: 0,
    expiresAt: reservation.expiresAt,
    ttlMs: reservation.expiresAt - reservation.createdAt,
    current: true,
    dead: false,
  };
}

/**
 * Charges against slices, grouped: every charge queued before the next turn
 * of the event loop, whatever its key, is written in one `chargeHolds`
 * transaction (one commit, and on PostgreSQL a few round trips for the
 * whole group), and a group starts only when the previous one has finished,
 * so charges arriving meanwhile make the next group larger.
 */
export function createChargeGroups(
  chargeHolds: NonNullable<CreditLedger['chargeHolds']>,
  schedule: (run: () => void) => void,
): (slice: LeaseSlice, charge: HoldCharge) => Promise<number> {
  const pending: PendingCharge[] = [];
  const state = { scheduled: false, flushing: false };
  const plan = (): void => {
    if (state.scheduled || state.flushing || pending.length === 0) return;
    state.scheduled = true;
    schedule(flush);
  };
  const flush = (): void => {
    state.scheduled = false;
    const group = pending.splice(0, MAX_GROUP);
    const bySlice = new Map<LeaseSlice, PendingCharge[]>();
    for (const waiting of group) {
      const list = bySlice.get(waiting.slice) ?? [];
      list.push(waiting);
      bySlice.set(waiting.slice, list);
    }
    const holds = [...bySlice].map(([slice, list]) => ({
      reservationId: slice.id,
      keyId: slice.keyId,
      charges: list.map((waiting) => waiting.charge),
    }));
    state.flushing = true;
    void chargeHolds(holds)
      .then(
        (charged) => {
          [...bySlice.values()].forEach((list, hold) => {
            list.forEach((waiting, index) =>
              waiting.resolve(charged[hold]?.[index] ?? 0),
            );
          });
        },
        (error: unknown) => {
          for (const waiting of group) waiting.reject(error);
        },
      )
      .finally(() => {
        state.flushing = false;
        plan();
      });
  };
  return (slice, charge) =>
    new Promise<number>((resolve, reject) => {
      pending.push({ slice, charge, resolve, reject });
      plan();
    });
}
