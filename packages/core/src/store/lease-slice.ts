import type { CreditLedger, HoldCharge } from './store';

/** A charge waiting for its slice's next group. */
interface PendingCharge {
  charge: HoldCharge;
  resolve(charged: number): void;
  reject(error: unknown): void;
}

/** The most charges one group writes in one transaction. */
const MAX_GROUP = 256;

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
  pending: PendingCharge[];
  scheduled: boolean;
  flushing: boolean;
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
    pending: [],
    scheduled: false,
    flushing: false,
  };
}

/**
 * Charges against one slice, grouped: every charge queued before the next
 * turn of the event loop is written in one `chargeHold` transaction (one
 * round trip and one lock of the key's row for the whole group), and a group
 * starts only when the previous one has finished.
 */
export function createChargeGroups(
  chargeHold: NonNullable<CreditLedger['chargeHold']>,
  schedule: (run: () => void) => void,
): (slice: LeaseSlice, charge: HoldCharge) => Promise<number> {
  const flush = (slice: LeaseSlice): void => {
    slice.scheduled = false;
    const group = slice.pending.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    slice.flushing = true;
    chargeHold({
      reservationId: slice.id,
      charges: group.map(({ charge }) => charge),
    })
      .then(
        (charged) => {
          for (const [index, waiting] of group.entries()) {
            waiting.resolve(charged[index] ?? 0);
          }
        },
        (error: unknown) => {
          for (const waiting of group) waiting.reject(error);
        },
      )
      .finally(() => {
        slice.flushing = false;
        if (slice.pending.length > 0) plan(slice);
      });
  };
  const plan = (slice: LeaseSlice): void => {
    if (slice.scheduled || slice.flushing) return;
    slice.scheduled = true;
    schedule(() => flush(slice));
  };
  return (slice, charge) =>
    new Promise<number>((resolve, reject) => {
      slice.pending.push({ charge, resolve, reject });
      plan(slice);
    });
}
