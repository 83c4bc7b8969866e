import { createChargeGroups, newSlice, type LeaseSlice } from './lease-slice';
import { growSlice, leaseSlice, sliceCalls } from './slice-sizing';
import type { CreditLedger, HoldCharge, Reservation } from './store';

/** How long calls on a key hold unleased after a slice did not fit its free credits. */
const SHORT_MS = 1_000;

/** A call's hold taken out of a slice, kept in this process only. */
export interface LocalHold {
  reservation: Reservation;
  slice: LeaseSlice;
  /** Its credits went back to the slice (charged, released or expired). */
  freed: boolean;
  settling?: Promise<Reservation>;
}

/** What a {@link SliceBook} works with. */
export interface SliceBookDeps {
  ledger: CreditLedger;
  extendHold: NonNullable<CreditLedger['extendHold']>;
  chargeHolds: NonNullable<CreditLedger['chargeHolds']>;
  /** Names this process's slices in the store (`lease:<uuid>`). */
  holder: string;
  now: () => number;
  sliceCalls: number;
  idleMs: number;
  setTimer: (run: () => void, ms: number) => () => void;
  schedule: (run: () => void) => void;
  newId: () => string;
}

/** One key's slices in this process. */
export interface KeyLeases {
  current?: LeaseSlice;
  taking?: Promise<LeaseSlice | undefined>;
  live: Set<LeaseSlice>;
  inFlight: number;
  returning: Set<Promise<unknown>>;
  /** When a slice last did not fit: calls hold unleased for a while. */
  shortAt?: number;
  /** When the key's slice was last leased or grown, and the holds handed out since (its pace). */
  sizedAt?: number;
  handed: number;
}

/**
 * The slices this process leased, per key: hands calls' holds out of the
 * current slice, leases a new one when it runs short, keeps a busy slice
 * alive, charges through grouped `chargeHolds` transactions, and hands a
 * slice back once it idles (or, retired, once its last hold settles).
 */
export class SliceBook {
  readonly #deps: SliceBookDeps;
  readonly #keys = new Map<string, KeyLeases>();
  readonly #charge: (slice: LeaseSlice, charge: HoldCharge) => Promise<number>;

  constructor(deps: SliceBookDeps) {
    this.#deps = deps;
    this.#charge = createChargeGroups(deps.chargeHolds, deps.schedule);
  }

  /** A local hold for the call, or undefined when it must hold unleased. */
  async hold(options: {
    keyId: string;
    amount: number;
    ttlMs: number;
  }): Promise<LocalHold | undefined> {
    const leases = this.#leasesOf(options.keyId);
    leases.inFlight += 1;
    try {
      return await this.#holdFromSlices(leases, options);
    } finally {
      leases.inFlight -= 1;
    }
  }

  async #holdFromSlices(
    leases: KeyLeases,
    options: { keyId: string; amount: number; ttlMs: number },
  ): Promise<LocalHold | undefined> {
    const { amount } = options;
    for (;;) {
      const slice = leases.current;
      if (slice !== undefined && slice.free >= amount) {
        if (!(await this.#keepAlive(slice))) this.#retire(leases, slice);
        else if (slice.free >= amount) {
          leases.handed += 1;
          return this.#holdFrom(slice, options);
        }
        continue;
      }
      if (leases.taking !== undefined) {
        if ((await leases.taking) === undefined) return undefined;
        continue;
      }
      const { shortAt } = leases;
      if (shortAt !== undefined && this.#deps.now() - shortAt < SHORT_MS) {
        return undefined;
      }
      leases.taking = this.#takeSlice(leases, options).finally(() => {
        leases.taking = undefined;
      });
      if ((await leases.taking) === undefined) return undefined;
    }
  }

  /** Charges a local hold's call against its slice (grouped with others). */
  charge(local: LocalHold, charge: HoldCharge): Promise<number> {
    return this.#charge(local.slice, charge);
  }

  /** Gives a local hold's credits back to its slice, once. */
  free(local: LocalHold, fromSlice: number): void {
    if (local.freed) return;
    local.freed = true;
    const { slice } = local;
    slice.free += local.reservation.amount - fromSlice;
    slice.holds -= 1;
    if (slice.holds > 0) return;
    if (!slice.current || slice.dead) this.#giveBack(slice);
    else {
      slice.cancelIdle = this.#deps.setTimer(
        () => this.#idle(slice),
        this.#deps.idleMs,
      );
    }
  }

  /** What this process's live slices of a key hold unused, once returns have landed. */
  async unused(keyId: string): Promise<number> {
    const leases = this.#keys.get(keyId);
    if (leases === undefined) return 0;
    await Promise.all(leases.returning);
    let unused = 0;
    for (const slice of leases.live) if (!slice.dead) unused += slice.free;
    return unused;
  }

  /** Hands back every slice no call holds from. */
  async close(): Promise<void> {
    for (const leases of this.#keys.values()) {
      for (const slice of [...leases.live]) {
        if (slice.holds === 0) this.#giveBack(slice);
      }
    }
    await Promise.all(
      [...this.#keys.values()].flatMap((leases) => [...leases.returning]),
    );
  }

  #leasesOf(keyId: string): KeyLeases {
    let leases = this.#keys.get(keyId);
    if (leases === undefined) {
      leases = {
        live: new Set(),
        inFlight: 0,
        returning: new Set(),
        handed: 0,
      };
      this.#keys.set(keyId, leases);
    }
    return leases;
  }

  #holdFrom(
    slice: LeaseSlice,
    options: { amount: number; ttlMs: number },
  ): LocalHold {
    const createdAt = this.#deps.now();
    slice.free -= options.amount;
    slice.holds += 1;
    slice.cancelIdle?.();
    slice.cancelIdle = undefined;
    const reservation: Reservation = {
      id: this.#deps.newId(),
      keyId: slice.keyId,
      amount: options.amount,
      status: 'reserved',
      createdAt,
      expiresAt: createdAt + options.ttlMs,
    };
    return { reservation, slice, freed: false };
  }

  /**
   * Gives the key's calls more credits: grows the current slice when the
   * store still holds it, else leases a new one. Undefined when the key's
   * free credits cover neither the size its pace asks for nor the least.
   */
  async #takeSlice(
    leases: KeyLeases,
    options: { keyId: string; amount: number; ttlMs: number },
  ): Promise<LeaseSlice | undefined> {
    const { keyId, amount, ttlMs } = options;
    // Calls arriving in this same turn count towards the slice's size.
    await Promise.resolve();
    const least = amount * this.#deps.sliceCalls;
    const size = amount * sliceCalls(leases, this.#deps);
    const sizes = size > least ? [size, least] : [least];
    const { current } = leases;
    if (current !== undefined) {
      const grown = await growSlice(this.#deps, current, sizes);
      if (grown !== 'gone') {
        return this.#sized(leases, grown === 'extended' ? current : undefined);
      }
      this.#retire(leases, current);
    }
    const reservation = await leaseSlice(this.#deps, { keyId, sizes, ttlMs });
    if (reservation === undefined) return this.#sized(leases, undefined);
    const slice = newSlice(reservation);
    if (leases.current !== undefined) this.#retire(leases, leases.current);
    leases.current = slice;
    leases.live.add(slice);
    this.#heartbeat(slice);
    return this.#sized(leases, slice);
  }

  /** Notes how a lease or growth went: short keys hold unleased for a while. */
  #sized(
    leases: KeyLeases,
    slice: LeaseSlice | undefined,
  ): LeaseSlice | undefined {
    if (slice === undefined) {
      leases.shortAt = this.#deps.now();
      return undefined;
    }
    leases.shortAt = undefined;
    leases.sizedAt = this.#deps.now();
    leases.handed = 0;
    return slice;
  }

  /** Renews a slice with calls in flight every third of its life, while it is leased. */
  #heartbeat(slice: LeaseSlice): void {
    slice.cancelRenew = this.#deps.setTimer(() => {
      slice.cancelRenew = undefined;
      if (!this.#keys.get(slice.keyId)?.live.has(slice)) return;
      const renewed = slice.holds > 0 ? this.#extend(slice) : Promise.resolve();
      void renewed
        // A renewal that failed is retried at the next beat.
        .catch(() => undefined)
        .then(() => {
          if (!slice.dead) this.#heartbeat(slice);
        });
    }, slice.ttlMs / 3);
  }

  /** Keeps a slice alive for a new hold; false when the store no longer holds it. */
  async #keepAlive(slice: LeaseSlice): Promise<boolean> {
    if (slice.expiresAt - this.#deps.now() >= slice.ttlMs / 2) return true;
    await this.#extend(slice);
    return !slice.dead;
  }

  /** Moves a slice's expiry a whole life ahead (one renewal at a time). */
  #extend(slice: LeaseSlice): Promise<void> {
    const { now, extendHold } = this.#deps;
    slice.extending ??= (async () => {
      const expiresAt = now() + slice.ttlMs;
      const extended = await extendHold({ reservationId: slice.id, expiresAt });
      if (extended === 'extended') slice.expiresAt = expiresAt;
      else slice.dead = true;
    })().finally(() => {
      slice.extending = undefined;
    });
    return slice.extending;
  }

  #retire(leases: KeyLeases, slice: LeaseSlice): void {
    slice.current = false;
    if (leases.current === slice) leases.current = undefined;
    if (slice.holds === 0) this.#giveBack(slice);
  }

  #idle(slice: LeaseSlice): void {
    slice.cancelIdle = undefined;
    if (slice.holds === 0) this.#giveBack(slice);
  }

  /** Hands a slice back to the key (its holds are all settled). */
  #giveBack(slice: LeaseSlice): void {
    const leases = this.#leasesOf(slice.keyId);
    slice.cancelIdle?.();
    slice.cancelIdle = undefined;
    slice.cancelRenew?.();
    slice.cancelRenew = undefined;
    if (leases.current === slice) leases.current = undefined;
    if (!leases.live.delete(slice) || slice.dead) return;
    const returned = this.#deps.ledger
      .release(slice.id)
      // A slice that could not go back expires: the sweeper frees it.
      .catch(() => undefined)
      .finally(() => leases.returning.delete(returned));
    leases.returning.add(returned);
  }
}
