import type { BreakerSettings, BreakerState } from './types';

/** A breaker's saved form, for stores shared between replicas. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt?: number;
}

/**
 * A breaker opening or closing, as one replica publishes it for the others.
 * `changedAt` orders changes: a replica adopts only a change newer than the
 * last one it saw or made.
 */
export interface BreakerChange {
  state: 'open' | 'closed';
  /** When an `open` breaker opened; it lets one probe through `halfOpenAfterMs` later. */
  openedAt?: number;
  changedAt: number;
}

/**
 * A consecutive-failure circuit breaker with an injected clock.
 *
 * Closed: calls pass; `failureThreshold` health failures in a row open it.
 * Open: calls are refused until `halfOpenAfterMs` has passed, then it is
 * half-open. Half-open: exactly one probe passes; its success closes the
 * breaker, its failure opens it again, anything else frees the probe slot.
 *
 * Written here rather than taken from cockatiel 3.2.1 because cockatiel reads
 * `Date.now()` directly (no injectable clock), only exposes the breaker through
 * `execute` (the engine must skip an open target without calling it), and keeps
 * numeric states; this one serialises to readable string states.
 */
export class CircuitBreaker {
  private state: BreakerState;
  private consecutiveFailures: number;
  private openedAt: number | undefined;
  private probeInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    initial?: BreakerSnapshot,
  ) {
    this.state = initial?.state ?? 'closed';
    this.consecutiveFailures = initial?.consecutiveFailures ?? 0;
    this.openedAt = initial?.openedAt;
  }

  /** The state at `now` (an open breaker whose wait is over reads half-open). */
  stateAt(now: number): BreakerState {
    if (this.state === 'open' && this.waitIsOver(now)) return 'half-open';
    return this.state;
  }

  /**
   * Asks to make a call at `now`. Returns false when the breaker refuses it
   * (open, or half-open with its one probe already out).
   */
  tryAcquire(now: number): boolean {
    if (this.state === 'open') {
      if (!this.waitIsOver(now)) return false;
      this.state = 'half-open';
    }
    if (this.state === 'half-open') {
      if (this.probeInFlight) return false;
      this.probeInFlight = true;
    }
    return true;
  }

  /** Records a successful call: the breaker closes. */
  recordSuccess(): void {
    this.state = 'closed';
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.probeInFlight = false;
  }

  /** Records a failure that says the target is unhealthy. */
  recordFailure(now: number): void {
    this.probeInFlight = false;
    if (this.state === 'half-open') {
      this.open(now);
      return;
    }
    this.consecutiveFailures += 1;
    if (
      this.state === 'closed' &&
      this.consecutiveFailures >= this.settings.failureThreshold
    ) {
      this.open(now);
    }
  }

  /** Ends a call that says nothing about health (a bad request, a cancel). */
  release(): void {
    this.probeInFlight = false;
  }

  /**
   * Takes on a change another replica made: it opens (counting its wait from
   * the other replica's `openedAt`) or closes here too. The failure count
   * starts over; a probe this replica has out ends without a verdict.
   */
  adopt(change: BreakerChange): void {
    this.state = change.state;
    this.openedAt = change.state === 'open' ? change.openedAt : undefined;
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
  }

  /** The saved form; restore with `new CircuitBreaker(settings, snapshot)`. */
  toJSON(): BreakerSnapshot {
    return {
      state: this.state,
      consecutiveFailures: this.consecutiveFailures,
      openedAt: this.openedAt,
    };
  }

  private open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
    this.consecutiveFailures = 0;
  }

  private waitIsOver(now: number): boolean {
    return now - (this.openedAt ?? now) >= this.settings.halfOpenAfterMs;
  }
}
