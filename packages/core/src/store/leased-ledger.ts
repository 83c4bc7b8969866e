import { randomUUID } from 'node:crypto';
import { SwitchyardError } from '../errors/switchyard-error';
import { sortableId } from './ids';
import { SliceBook, type LocalHold } from './slice-book';
import type { CreditLedger, Reservation } from './store';

/** Options of {@link createLeasedLedger}. */
export interface LeasedLedgerOptions {
  /** The clock holds' times are read from. Default `Date.now`. */
  now?: () => number;
  /**
   * How many calls one slice covers at least: a slice is this many times the
   * call's hold, or twice the key's holds in flight, whichever is more.
   * Default 16.
   */
  sliceCalls?: number;
  /** How long a slice no call uses stays leased before it goes back. Default 2,000 ms. */
  idleMs?: number;
  /** Starts a timer; returns what cancels it (tests inject one). */
  setTimer?: (run: () => void, ms: number) => () => void;
  /** Runs `run` once the current turn's charges are queued. Default `setImmediate`. */
  schedule?: (run: () => void) => void;
}

/** A {@link CreditLedger} that leases slices; `close` hands every slice back. */
export interface LeasedLedger extends CreditLedger {
  close(): Promise<void>;
}

/** How many settled local holds are remembered, so a repeated capture answers the same. */
const SETTLED_MEMORY = 4_096;

const defaultTimer = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** The local holds of a leased ledger: open ones, and the last settled ones. */
interface LocalHolds {
  book: SliceBook;
  open: Map<string, LocalHold>;
  settled: Map<string, LocalHold>;
}

/**
 * Leases a key's credits in slices: a slice is one reservation in the store,
 * and this process hands out the calls' holds from it without a round trip,
 * then charges the calls that finish in the same turn in one transaction,
 * whatever their keys. A key's busy row is then written once per group, not
 * twice per call, and replicas on one database stop queueing on it.
 *
 * Money stays exact: a slice is a real hold, so a key is never overdrawn (a
 * call may be refused while slices elsewhere hold unused credits: at most
 * a slice per replica and key); a crashed process's slices expire like any
 * hold and the sweeper frees them; a charge is written before the call
 * answers. Calls with a minted token or a job's holder, and holds no slice
 * fits, go to `ledger` unleased. A ledger without `chargeHolds` and
 * `extendHold` is used as it is.
 */
export function createLeasedLedger(
  ledger: CreditLedger,
  options: LeasedLedgerOptions = {},
): LeasedLedger {
  if (ledger.chargeHolds === undefined || ledger.extendHold === undefined) {
    return unleasedLedger(ledger);
  }
  const now = options.now ?? Date.now;
  const holds: LocalHolds = {
    book: new SliceBook({
      ledger,
      chargeHolds: (holds) => ledger.chargeHolds?.(holds) ?? none(),
      extendHold: (extension) => ledger.extendHold?.(extension) ?? none(),
      holder: `lease:${randomUUID()}`,
      now,
      sliceCalls: options.sliceCalls ?? 16,
      idleMs: options.idleMs ?? 2_000,
      setTimer: options.setTimer ?? defaultTimer,
      schedule: options.schedule ?? ((run) => setImmediate(run)),
      newId: () => sortableId('res_'),
    }),
    open: new Map(),
    settled: new Map(),
  };
  const find = (id: string) => holds.open.get(id) ?? holds.settled.get(id);
  return {
    ...ledger,
    async balance(keyId) {
      const unused = await holds.book.unused(keyId);
      const balance = await ledger.balance(keyId);
      return {
        ...balance,
        reserved: balance.reserved - unused,
        available: balance.available + unused,
      };
    },
    async reserve(request) {
      const { amount } = request;
      const leasable =
        request.tokenId === undefined &&
        request.holder === undefined &&
        Number.isSafeInteger(amount) &&
        amount > 0;
      const local = leasable ? await holds.book.hold(request) : undefined;
      if (local === undefined) return ledger.reserve(request);
      holds.open.set(local.reservation.id, local);
      return { ...local.reservation };
    },
    capture({ reservationId, amount }) {
      const local = find(reservationId);
      if (local === undefined) return ledger.capture({ reservationId, amount });
      if (local.settling !== undefined) return local.settling;
      if (local.reservation.status === 'captured') {
        return Promise.resolve({ ...local.reservation });
      }
      return captureLocal(holds, local, amount);
    },
    async release(reservationId) {
      const local = find(reservationId);
      if (local === undefined) return ledger.release(reservationId);
      return local.settling ?? releaseLocal(holds, local);
    },
    async releaseExpired() {
      let released = 0;
      for (const local of [...holds.open.values()]) {
        const expired = local.reservation.expiresAt <= now();
        if (expired && local.settling === undefined) {
          releaseLocal(holds, local);
          released += 1;
        }
      }
      return released + (await ledger.releaseExpired());
    },
    close: () => holds.book.close(),
  };
}

/** `ledger` as a {@link LeasedLedger} that leases nothing: every hold is the store's own. */
export function unleasedLedger(ledger: CreditLedger): LeasedLedger {
  return { ...ledger, close: () => Promise.resolve() };
}

/** Unreachable: the ledger's leasing methods were checked when it was wrapped. */
function none(): never {
  throw new Error('the ledger lost chargeHolds or extendHold');
}

/** Moves a settled hold to the bounded memory that answers repeats. */
function remember(holds: LocalHolds, local: LocalHold): Reservation {
  const { id } = local.reservation;
  holds.open.delete(id);
  holds.settled.set(id, local);
  if (holds.settled.size > SETTLED_MEMORY) {
    const oldest = holds.settled.keys().next();
    if (oldest.done !== true) holds.settled.delete(oldest.value);
  }
  return { ...local.reservation };
}

/** Charges a local hold's call, grouped with the others of its slice. */
function captureLocal(
  holds: LocalHolds,
  local: LocalHold,
  amount: number,
): Promise<Reservation> {
  const { reservation } = local;
  if (!Number.isSafeInteger(amount) || amount < 0) {
    return Promise.reject(
      new SwitchyardError({
        code: 'invalid_request',
        message: `amount must be a whole, non-negative number of micro-credits, not ${amount}.`,
      }),
    );
  }
  // A hold already freed (released, expired) is charged from free credits only.
  const held = local.freed ? 0 : reservation.amount;
  const settling = holds.book
    .charge(local, { id: reservation.id, held, amount })
    .then(
      (charged) => {
        reservation.status = 'captured';
        reservation.capturedAmount = charged;
        holds.book.free(local, Math.min(charged, held));
        return remember(holds, local);
      },
      (error: unknown) => {
        local.settling = undefined;
        throw error;
      },
    );
  local.settling = settling;
  return settling;
}

/** Frees a local hold without charging; a later capture still charges, once. */
function releaseLocal(holds: LocalHolds, local: LocalHold): Reservation {
  if (local.reservation.status !== 'reserved') return { ...local.reservation };
  local.reservation.status = 'released';
  holds.book.free(local, 0);
  return remember(holds, local);
}
