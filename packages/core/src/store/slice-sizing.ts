import { SwitchyardError } from '../errors/switchyard-error';
import type { LeaseSlice } from './lease-slice';
import type { KeyLeases, SliceBookDeps } from './slice-book';
import type { HoldExtension, Reservation } from './store';

/**
 * The longest a slice lives without a sign of life: a killed process's
 * slices are freed by the sweeper this long after its last renewal, however
 * long its calls' routes may run. A live process renews a slice with calls
 * in flight every third of this.
 */
export const SLICE_TTL_MS = 60_000;

/**
 * How long a slice (or its growth) should last at its key's recent pace:
 * a busy key's slice grows about once this often, not every few calls.
 */
const SLICE_SPAN_MS = 1_000;

/** The most calls a slice grows by for its key's pace alone. */
const MOST_PACE_CALLS = 1_024;

/**
 * The calls a key's next slice (or growth) covers: enough for SLICE_SPAN_MS
 * at the pace its calls took holds since the last one, twice its calls in
 * flight, and at least `sliceCalls`.
 */
export function sliceCalls(
  leases: Pick<KeyLeases, 'sizedAt' | 'handed' | 'inFlight'>,
  { sliceCalls: least, now }: Pick<SliceBookDeps, 'sliceCalls' | 'now'>,
): number {
  const pace =
    leases.sizedAt === undefined
      ? 0
      : Math.ceil(
          (leases.handed * SLICE_SPAN_MS) / Math.max(1, now() - leases.sizedAt),
        );
  return Math.max(least, 2 * leases.inFlight, Math.min(pace, MOST_PACE_CALLS));
}

/** Grows a slice by the first of `sizes` the key's free credits cover, moving its expiry. */
export async function growSlice(
  { now, extendHold }: Pick<SliceBookDeps, 'now' | 'extendHold'>,
  slice: LeaseSlice,
  sizes: number[],
): Promise<HoldExtension> {
  for (const amount of sizes) {
    const expiresAt = now() + slice.ttlMs;
    const grown = await extendHold({
      reservationId: slice.id,
      expiresAt,
      amount,
    });
    if (grown === 'short') continue;
    if (grown === 'gone') slice.dead = true;
    else {
      slice.free += amount;
      slice.expiresAt = Math.max(slice.expiresAt, expiresAt);
    }
    return grown;
  }
  return 'short';
}

/** Leases a slice of the first of `sizes` the key's free credits cover; undefined when none. */
export async function leaseSlice(
  { ledger, holder }: Pick<SliceBookDeps, 'ledger' | 'holder'>,
  options: { keyId: string; sizes: number[]; ttlMs: number },
): Promise<Reservation | undefined> {
  for (const amount of options.sizes) {
    try {
      return await ledger.reserve({
        keyId: options.keyId,
        amount,
        ttlMs: Math.min(options.ttlMs, SLICE_TTL_MS),
        holder,
      });
    } catch (error) {
      const short =
        SwitchyardError.isInstance(error) && error.code === 'quota_exceeded';
      if (!short) throw error;
    }
  }
  return undefined;
}
