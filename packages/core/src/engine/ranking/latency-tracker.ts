import { LRUCache } from 'lru-cache';
import type { ModelKind } from '../../provider/contract';
import { formatTarget } from '../route';
import type { RouteTarget } from '../types';

/** Keys a {@link LatencyTracker} keeps at most, by default: the least recently used go first. */
export const DEFAULT_LATENCY_KEYS = 10_000;

/** What a {@link LatencyTracker} knows of one key. */
export interface LatencyEstimate {
  /** Peak-EWMA latency, ms; undefined before any sample. */
  latencyMs?: number;
  /** Latencies observed. */
  samples: number;
}

/** One observed latency. */
export interface LatencyObservation {
  latencyMs: number;
  /** When it was observed (the engine's clock, epoch ms). */
  at: number;
  /** How fast older observations fade: after `decayMs` they weigh 1/e as much. */
  decayMs: number;
}

interface LatencyState {
  value: number;
  samples: number;
  stamp: number;
}

/**
 * The key a target's latency is kept under for one kind of call:
 * `"<kind>|instance:model"`, since an image and a text call at one
 * provider take very different times.
 */
export function latencyKey(target: RouteTarget, kind: ModelKind): string {
  return `${kind}|${formatTarget(target)}`;
}

/**
 * Peak-EWMA latency per key, as Finagle's load balancer measures it: each
 * observation moves the value toward itself with weight
 * `1 - exp(-(t - tLast) / decayMs)`, and one slower than the value replaces
 * it at once, so a slow spell counts in full and fades only as faster
 * calls come back. Memory is bounded: past `maxKeys` keys the least
 * recently used is dropped.
 *
 * @example
 * const tracker = new LatencyTracker();
 * tracker.record('image|fal:flux', { latencyMs: 800, at: now(), decayMs: 10_000 });
 * tracker.estimate('image|fal:flux'); // { latencyMs: 800, samples: 1 }
 */
export class LatencyTracker {
  private readonly states: LRUCache<string, LatencyState>;

  constructor(options: { maxKeys?: number } = {}) {
    this.states = new LRUCache({
      max: options.maxKeys ?? DEFAULT_LATENCY_KEYS,
    });
  }

  /** Adds one observed latency to the key's estimate. */
  record(key: string, observation: LatencyObservation): void {
    const { latencyMs, at, decayMs } = observation;
    const state = this.states.get(key);
    if (state === undefined) {
      this.states.set(key, { value: latencyMs, samples: 1, stamp: at });
      return;
    }
    const elapsed = Math.max(0, at - state.stamp);
    const weight = Math.exp(-elapsed / decayMs);
    state.value =
      latencyMs > state.value
        ? latencyMs
        : state.value * weight + latencyMs * (1 - weight);
    state.samples += 1;
    state.stamp = Math.max(state.stamp, at);
  }

  /** The key's current estimate; `{ samples: 0 }` for a key never seen (or dropped). */
  estimate(key: string): LatencyEstimate {
    const state = this.states.peek(key);
    if (state === undefined) return { samples: 0 };
    return { latencyMs: state.value, samples: state.samples };
  }

  /** Keys held now (at most `maxKeys`). */
  get size(): number {
    return this.states.size;
  }
}
