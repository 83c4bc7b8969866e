import type { GatewayObserver } from './gateway-observer';

/** Calls the tally remembers: the rates are over the most recent ones. */
const TALLY_WINDOW = 1_000;

const CACHED = 1;
const FELL_BACK = 2;

/** Cache hits and fallbacks among a gateway's recent calls, for `providers.health`. */
export interface CallTally {
  observer: GatewayObserver;
  /** Shares of the recent calls (0..1); empty before any call ended. */
  rates(): { cacheHitRate?: number; fallbackRate?: number };
}

/**
 * Counts, over the last {@link TALLY_WINDOW} calls of this process, those
 * served from the cache and those served by a target other than the first
 * one tried (after a failure or a skip): a ring of flags, no allocation per
 * call.
 */
export function createCallTally(): CallTally {
  const ring = new Uint8Array(TALLY_WINDOW);
  let next = 0;
  let filled = 0;
  const counts = { cached: 0, fellBack: 0 };
  const push = (flags: number) => {
    const old = ring[next] ?? 0;
    if (filled === TALLY_WINDOW) {
      counts.cached -= old & CACHED ? 1 : 0;
      counts.fellBack -= old & FELL_BACK ? 1 : 0;
    } else {
      filled += 1;
    }
    ring[next] = flags;
    counts.cached += flags & CACHED ? 1 : 0;
    counts.fellBack += flags & FELL_BACK ? 1 : 0;
    next = (next + 1) % TALLY_WINDOW;
  };
  return {
    observer: {
      callStarted: () => ({
        callEnded(end) {
          const first = end.attempts[0];
          const served = end.attempts.at(-1);
          const fellBack =
            end.outcome === 'success' &&
            first !== undefined &&
            served !== undefined &&
            (first.provider !== served.provider ||
              first.model !== served.model);
          push((end.cached ? CACHED : 0) | (fellBack ? FELL_BACK : 0));
        },
      }),
    },
    rates: () =>
      filled === 0
        ? {}
        : {
            cacheHitRate: counts.cached / filled,
            fallbackRate: counts.fellBack / filled,
          },
  };
}
