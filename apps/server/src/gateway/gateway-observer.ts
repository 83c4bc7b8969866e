import type {
  Attempt,
  EngineEvent,
  ErrorCode,
  ModelKind,
} from '@switchyard/core';

/**
 * How a call ended, as observers count it: `success` (a provider served
 * it), `error` (it failed), `cached` (no provider was called: the result
 * cache, a joined identical call, or an idempotency key's stored answer).
 */
export const CALL_OUTCOMES = ['success', 'error', 'cached'] as const;
/** See {@link CALL_OUTCOMES}. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** A call the gateway starts serving, once its route is known. */
export interface CallStart {
  /** The call's id (`gen_...`). */
  id: string;
  route: string;
  type: ModelKind;
  /** True for `streamText`, false for `generate`. */
  stream: boolean;
}

/** A call the gateway has finished serving, however it ended. */
export interface CallEnd {
  route: string;
  type: ModelKind;
  /** The instance whose result the caller got; absent when none served. */
  provider?: string;
  /** The model of that result; absent when none served. */
  model?: string;
  outcome: CallOutcome;
  /** The error code of a failed call. */
  code?: ErrorCode;
  /** Wall time of the call, from its start to its end (a stream's end). */
  latencyMs: number;
  /**
   * Time spent waiting on providers: every attempt's latency (an attempt a
   * hedge started beside another overlaps it and is left out), and a
   * stream's time from its first part to its last. At most `latencyMs`.
   */
  upstreamMs: number;
  /** What the caller's key was charged; 0 when nothing was. */
  microCredits: number;
  /** True when the result was not made for this call (outcome `cached`). */
  cached: boolean;
  /** The attempts this call made at providers; none for a `cached` one. */
  attempts: readonly Attempt[];
}

/** A stream's first part, as it reaches the gateway. */
export interface FirstToken {
  route: string;
  provider: string;
  model: string;
  /** From the call's start, fallbacks included. */
  ms: number;
}

/**
 * What an observer keeps of one call. Every method is optional, is called
 * on the call's path and must be cheap; what it throws is ignored.
 */
export interface CallWatch {
  /**
   * This call's engine events (attempts, retries, fallbacks), as they
   * happen. Leave it out unless needed: the gateway then routes the call's
   * events to it (the gateway-wide `onEvent` sees every call's anyway).
   */
  engineEvent?(event: EngineEvent): void;
  /** The call looked in the result cache: `hit` when it was served from it. */
  cacheLookup?(lookup: { route: string; hit: boolean }): void;
  /** A stream's first part came. */
  firstToken?(firstToken: FirstToken): void;
  /** The call ended (once, on every path: success, error, cancel, stream end). */
  callEnded?(end: CallEnd): void;
}

/**
 * Watches the gateway's calls (metrics, traces): `GatewayOptions.observer`.
 * `callStarted` is called once per call, before its first attempt; what it
 * returns sees the rest of that call.
 */
export interface GatewayObserver {
  callStarted(start: CallStart): CallWatch | undefined;
}

/** One observer that starts a watch of each given observer per call. */
export function combineObservers(
  observers: readonly GatewayObserver[],
): GatewayObserver {
  if (observers.length === 1 && observers[0] !== undefined) {
    return observers[0];
  }
  return {
    callStarted(start) {
      const watches = observers.flatMap((observer) => {
        const watch = observer.callStarted(start);
        return watch === undefined ? [] : [watch];
      });
      return combineWatches(watches);
    },
  };
}

/** One watch that tells each of `watches`; engine events only if one wants them. */
function combineWatches(watches: CallWatch[]): CallWatch | undefined {
  if (watches.length <= 1) return watches[0];
  const engineWatches = watches.filter(
    (watch) => watch.engineEvent !== undefined,
  );
  const combined: CallWatch = {
    cacheLookup: (lookup) =>
      tellEach(watches, (watch) => watch.cacheLookup?.(lookup)),
    firstToken: (first) =>
      tellEach(watches, (watch) => watch.firstToken?.(first)),
    callEnded: (end) => tellEach(watches, (watch) => watch.callEnded?.(end)),
  };
  if (engineWatches.length > 0) {
    combined.engineEvent = (event) =>
      tellEach(engineWatches, (watch) => watch.engineEvent?.(event));
  }
  return combined;
}

/**
 * Tells every watch, each on its own: what one throws is ignored, so an
 * observer's bug never reaches a call nor silences the other observers.
 */
export function tellEach(
  watches: readonly CallWatch[],
  tell: (watch: CallWatch) => void,
): void {
  for (const watch of watches) {
    try {
      tell(watch);
    } catch {
      // Ignored on purpose: see above.
    }
  }
}
