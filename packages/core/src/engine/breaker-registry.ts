import { CircuitBreaker } from './circuit-breaker';
import { formatTarget } from './route';
import type {
  BreakerState,
  EngineEvent,
  Route,
  RouteTarget,
  SharedBreakerStates,
} from './types';

interface BreakerEntry {
  breaker: CircuitBreaker;
  target: RouteTarget;
  /** The state last announced in a `breaker-state-change` event. */
  reported: BreakerState;
  /** `changedAt` of the newest shared change adopted or published here. */
  syncedAt: number;
}

/** What a {@link BreakerRegistry} needs from the engine. */
export interface BreakerRegistryDeps {
  now: () => number;
  /** Breaker changes shared with other replicas, when there are any. */
  shared?: SharedBreakerStates;
  /** Announces a `breaker-state-change`. */
  emit: (event: EngineEvent) => void;
}

/**
 * The engine's circuit breakers, one per target (`instance:model`). It keeps
 * them in step with other replicas' (adopting newer shared changes, publishing
 * its own opens and closes) and announces every state change once.
 */
export class BreakerRegistry {
  private readonly entries = new Map<string, BreakerEntry>();

  constructor(private readonly deps: BreakerRegistryDeps) {}

  /** The target's breaker, made with the route's settings on first use. */
  breakerFor(route: Route, target: RouteTarget): CircuitBreaker {
    const key = formatTarget(target);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {
        breaker: new CircuitBreaker(route.breaker),
        target,
        reported: 'closed',
        syncedAt: Number.NEGATIVE_INFINITY,
      };
      this.entries.set(key, entry);
    }
    this.adoptSharedChange(key, entry);
    return entry.breaker;
  }

  /**
   * Runs `change` on a target's breaker and reports a state change since the
   * last report (an open breaker turns half-open by time alone, so the change
   * is seen when it is next used).
   */
  withStateEvents<TValue>(
    target: RouteTarget,
    breaker: CircuitBreaker,
    change: () => TValue,
  ): TValue {
    const { now, shared } = this.deps;
    const key = formatTarget(target);
    const before = breaker.toJSON().state;
    const value = change();
    const entry = this.entries.get(key);
    const after = breaker.toJSON();
    if (shared !== undefined && entry && after.state !== before) {
      if (after.state === 'open' || after.state === 'closed') {
        const changedAt = now();
        entry.syncedAt = changedAt;
        shared.publish(key, {
          state: after.state,
          openedAt: after.openedAt,
          changedAt,
        });
      }
    }
    const state = breaker.stateAt(now());
    if (entry && entry.reported !== state) {
      this.deps.emit({
        type: 'breaker-state-change',
        target,
        from: entry.reported,
        to: state,
      });
      entry.reported = state;
    }
    return value;
  }

  /** Every target seen so far with its breaker's current state. */
  states(): Array<{ key: string; target: RouteTarget; state: BreakerState }> {
    return [...this.entries.entries()].map(([key, entry]) => {
      this.adoptSharedChange(key, entry);
      return {
        key,
        target: entry.target,
        state: entry.breaker.stateAt(this.deps.now()),
      };
    });
  }

  /**
   * One target's current state: `closed` for a target not seen yet, unless
   * `route` is given, which makes its breaker (so a shared state is read).
   */
  stateOf(target: RouteTarget, route?: Route): BreakerState {
    const { now } = this.deps;
    if (route !== undefined)
      return this.breakerFor(route, target).stateAt(now());
    const key = formatTarget(target);
    const entry = this.entries.get(key);
    if (entry === undefined) return 'closed';
    this.adoptSharedChange(key, entry);
    return entry.breaker.stateAt(now());
  }

  /** Takes on a newer open or close another replica published for this target. */
  private adoptSharedChange(key: string, entry: BreakerEntry): void {
    const change = this.deps.shared?.get(key);
    if (change === undefined || change.changedAt <= entry.syncedAt) return;
    this.withStateEvents(entry.target, entry.breaker, () =>
      entry.breaker.adopt(change),
    );
    entry.syncedAt = change.changedAt;
  }
}
