import {
  RouteFailedError,
  SwitchyardError,
  type Attempt,
  type EngineEvent,
  type GenerateResult,
  type RoutingEngine,
  type TextStreamEvent,
} from '@switchyard/core';
import type { CallContext } from './call-context';
import {
  tellEach,
  type CallEnd,
  type CallWatch,
  type FirstToken,
  type GatewayObserver,
} from './gateway-observer';

/**
 * One call's watch as the gateway's stages use it: every method may be
 * called freely (nothing an observer throws reaches the call) and `ended`
 * tells the observer once.
 */
export interface ObservedCall {
  /** The engine to run this call on: one that also tells the watch this call's events, when it wants them. */
  engine(engine: RoutingEngine): RoutingEngine;
  cacheLookup(hit: boolean): void;
  firstToken(first: Omit<FirstToken, 'route'>): void;
  ended(end: CallEnd): void;
}

/** The watch of a call nobody observes. */
const UNOBSERVED: ObservedCall = {
  engine: (engine) => engine,
  cacheLookup: () => undefined,
  firstToken: () => undefined,
  ended: () => undefined,
};

/** Starts observing a call (a no-op without an observer). */
export function observeCall(
  observer: GatewayObserver | undefined,
  options: { call: CallContext; stream: boolean },
): ObservedCall {
  if (observer === undefined) return UNOBSERVED;
  const { call, stream } = options;
  const route = call.route.name;
  let watch: CallWatch | undefined;
  try {
    watch = observer.callStarted({
      id: call.id,
      route,
      type: call.input.type,
      stream,
    });
  } catch {
    // An observer's bug must not break a call.
  }
  if (watch === undefined) return UNOBSERVED;
  const watches = [watch];
  let open = true;
  return {
    engine: (engine) => {
      const listener = watch.engineEvent?.bind(watch);
      return listener === undefined
        ? engine
        : withCallEvents(engine, (event) =>
            tellEach(watches, () => listener(event)),
          );
    },
    cacheLookup: (hit) =>
      tellEach(watches, (each) => each.cacheLookup?.({ route, hit })),
    firstToken: (first) =>
      tellEach(watches, (each) => each.firstToken?.({ ...first, route })),
    ended: (end) => {
      if (!open) return;
      open = false;
      tellEach(watches, (each) => each.callEnded?.(end));
    },
  };
}

/** The engine with `listener` added to every call's own `onEvent`. */
function withCallEvents(
  engine: RoutingEngine,
  listener: (event: EngineEvent) => void,
): RoutingEngine {
  const relay = <TOptions extends { onEvent?: (event: EngineEvent) => void }>(
    options: TOptions,
  ): TOptions => {
    const own = options.onEvent;
    return {
      ...options,
      onEvent:
        own === undefined
          ? listener
          : (event: EngineEvent) => {
              own(event);
              listener(event);
            },
    };
  };
  return {
    ...engine,
    executeImage: (options) => engine.executeImage(relay(options)),
    executeText: (options) => engine.executeText(relay(options)),
    executeTextStream: (options) => engine.executeTextStream(relay(options)),
    executeSpeech: (options) => engine.executeSpeech(relay(options)),
    executeMusic: (options) => engine.executeMusic(relay(options)),
    executeVideo: (options) => engine.executeVideo(relay(options)),
    executeTraining: (options) => engine.executeTraining(relay(options)),
  };
}

/**
 * The end of a `generate` call that returned `result`: served by a
 * provider, or (`cached`) answered with a result made for another call.
 */
export function endOfResult(
  call: CallContext,
  served: { result: GenerateResult; cached: boolean },
): CallEnd {
  const { result, cached } = served;
  const attempts = cached ? [] : result.attempts;
  const latencyMs = call.now() - call.startedAt;
  return {
    route: call.route.name,
    type: call.input.type,
    provider: result.provider,
    model: result.model,
    outcome: cached ? 'cached' : 'success',
    latencyMs,
    upstreamMs: Math.min(latencyMs, upstreamMsOf(attempts)),
    microCredits:
      cached || call.payer === undefined ? 0 : result.cost.microCredits,
    cached,
    attempts,
  };
}

/** The end of a call that threw `error`. */
export function endOfFailure(call: CallContext, error: unknown): CallEnd {
  const attempts = RouteFailedError.isInstance(error) ? error.attempts : [];
  const latencyMs = call.now() - call.startedAt;
  return {
    route: call.route.name,
    type: call.input.type,
    outcome: 'error',
    code: SwitchyardError.isInstance(error) ? error.code : 'unknown',
    latencyMs,
    upstreamMs: Math.min(latencyMs, upstreamMsOf(attempts)),
    microCredits: 0,
    cached: false,
    attempts,
  };
}

/**
 * The end of a stream from the last event it sent (`end` or `error`; none
 * when settling it failed), counting its time from first part to last as
 * time upstream.
 */
export function endOfStream(
  call: CallContext,
  stream: { last?: TextStreamEvent; firstPartAt?: number },
): CallEnd {
  const { last, firstPartAt } = stream;
  const endedAt = call.now();
  const latencyMs = endedAt - call.startedAt;
  const attempts =
    last?.type === 'end' || last?.type === 'error' ? last.attempts : [];
  const streamedMs = firstPartAt === undefined ? 0 : endedAt - firstPartAt;
  const upstreamMs = Math.min(latencyMs, upstreamMsOf(attempts) + streamedMs);
  const common = {
    route: call.route.name,
    type: call.input.type,
    latencyMs,
    upstreamMs,
    cached: false,
    attempts,
  };
  if (last?.type === 'end') {
    return {
      ...common,
      provider: last.provider,
      model: last.model,
      outcome: 'success',
      microCredits: call.payer === undefined ? 0 : last.cost.microCredits,
    };
  }
  return {
    ...common,
    outcome: 'error',
    code: last?.type === 'error' ? last.code : 'unknown',
    microCredits: 0,
  };
}

/** Time spent at providers: every attempt's latency but a hedge's, which overlaps another. */
export function upstreamMsOf(attempts: readonly Attempt[]): number {
  let total = 0;
  for (const attempt of attempts) {
    if (attempt.hedged !== true) total += attempt.latencyMs;
  }
  return total;
}
