import {
  ROUTE_DEFAULTS,
  SwitchyardError,
  textCost,
  toTextResult,
  type EngineEvent,
  type RoutedCall,
  type TextStreamEvent,
  type TextStreamPart,
  type TextStreamStart,
} from '@switchyard/core';
import { admitterFor, holdFor } from './admission';
import { createCallContext, type CallContext } from './call-context';
import type { CreditHold } from './credit-hold';
import { createEventChannel } from './event-channel';
import type { GatewayDeps } from './gateway-deps';
import type { RankDeps } from './rank-route';
import type { StreamTextOptions } from './gateway';
import { nextPart } from './next-part';
import { endOfStream, observeCall, type ObservedCall } from './observed-call';
import { checkPriced } from './price-book';
import type { RouteAndChargeDeps } from './route-and-charge';
import { servedTarget } from './route-and-charge';
import { failStream } from './stream-failure';
import { settleSuccess } from './settle';
import type { OpenStream } from './stream-registry';

/** What a stream uses: routing and charging, the clock and the open streams. */
export type StreamDeps = RouteAndChargeDeps &
  Pick<GatewayDeps, 'routes' | 'instances' | 'now' | 'streams' | 'observer'> &
  RankDeps;

/** The part that ends a stream's text. */
type StreamFinish = Exclude<TextStreamPart, { type: 'text-delta' }>;

/** One stream as it runs: what it has sent, and whether it is settled. */
export interface StreamRun {
  call: CallContext;
  hold: CreditHold | undefined;
  /** Shutdown ends the stream through this, with the reason it gives. */
  registration: OpenStream;
  /**
   * Aborting this closes the upstream even while a read is pending (an
   * async iterator's `return` would wait for that read first).
   */
  upstream: AbortController;
  /** The caller's, the upstream's and the registration's signals in one. */
  signal: AbortSignal;
  /** The call once its first part came (fallback is over). */
  started: RoutedCall<TextStreamStart> | undefined;
  /** The text sent so far. */
  delivered: string;
  /** Charged or failed: nothing more to settle. */
  settled: boolean;
  /** Watches the stream for the gateway's observer. */
  observed: ObservedCall;
  /** When the first part came (the gateway's clock). */
  firstPartAt?: number;
  /** The `end` or `error` event that settled the stream. */
  last?: TextStreamEvent;
}

/**
 * Streams a text call: engine events and text as they come, fallback only
 * until the first part, then `end`, or an `error` that says whether text
 * had been sent (`incomplete`) and all that was. Credits are held before
 * the first call and captured at `end`; a failed or cut stream is not
 * charged. Closing the generator (the client went away) closes upstream.
 */
export async function* streamText(
  deps: StreamDeps,
  options: StreamTextOptions,
): AsyncGenerator<TextStreamEvent> {
  const call = createCallContext(deps, options);
  const hold = holdFor(deps, call);
  const registration = deps.streams.open();
  const upstream = new AbortController();
  const signal = AbortSignal.any(
    [call.signal, upstream.signal, registration.signal].filter(
      (candidate) => candidate !== undefined,
    ),
  );
  // Observed from here, where every path ends in the `finally` below.
  const observed = observeCall(deps.observer, { call, stream: true });
  const run: StreamRun = {
    call,
    hold,
    registration,
    upstream,
    signal,
    started: undefined,
    delivered: '',
    settled: false,
    observed,
  };
  let last: TextStreamEvent | undefined;
  try {
    last = yield* runStream(deps, run);
  } finally {
    try {
      // The consumer went away mid-stream: close upstream, charge nothing.
      if (!run.settled) lastEvent(run, await failStream(deps, run, closed()));
      registration.close();
    } finally {
      observed.ended(endOfStream(call, run));
    }
  }
  // The stream's bookkeeping is done before its last event goes out: a
  // consumer may stop reading there (the `/v1` routes close their answer
  // on it) without ever resuming this generator.
  if (last !== undefined) yield last;
}

/**
 * Yields the stream's events up to its last (`end` or `error`), which it
 * returns settled; undefined when an error came after the stream settled.
 */
async function* runStream(
  deps: StreamDeps,
  run: StreamRun,
): AsyncGenerator<TextStreamEvent, TextStreamEvent | undefined> {
  try {
    let started: RoutedCall<TextStreamStart>;
    try {
      started = yield* startStream(deps, run);
      startedStream(run, started);
    } catch (error) {
      return lastEvent(run, await failStream(deps, run, error));
    }
    const last = yield* relayText(run, started);
    return lastEvent(run, await endStream(deps, run, { started, last }));
  } catch (error) {
    return run.settled
      ? undefined
      : lastEvent(run, await failStream(deps, run, error));
  }
}

/** Why a stream ends when its consumer closes it. */
function closed(): SwitchyardError {
  return new SwitchyardError({
    code: 'cancelled',
    message: 'The caller closed the stream.',
  });
}

/** Notes the stream's first part: fallback is over, the first token came. */
function startedStream(
  run: StreamRun,
  started: RoutedCall<TextStreamStart>,
): void {
  const { call } = run;
  run.started = started;
  run.firstPartAt = call.now();
  run.observed.firstToken({
    provider: started.provider,
    model: started.model,
    ms: run.firstPartAt - call.startedAt,
  });
}

/** Keeps the event that settled the stream, for its observer, and returns it. */
function lastEvent(run: StreamRun, event: TextStreamEvent): TextStreamEvent {
  run.last = event;
  return event;
}

/** Routes the stream to its first part, yielding attempts and fallbacks on the way. */
async function* startStream(
  deps: RouteAndChargeDeps,
  run: StreamRun,
): AsyncGenerator<TextStreamEvent, RoutedCall<TextStreamStart>> {
  const { route, request, payer } = run.call;
  const channel = createEventChannel<TextStreamEvent>();
  checkPriced({ route, payer, priceBook: deps.priceBook });
  return yield* channel.drainUntil(
    run.observed.engine(deps.engine).executeTextStream({
      route,
      request,
      signal: run.signal,
      admitTarget: admitterFor(deps, {
        payer,
        hold: run.hold,
        route: run.call.route,
        exclusions: run.call.exclusions,
      }),
      onEvent: (event) => {
        const published = toStreamEvent(event);
        if (published !== undefined) channel.push(published);
      },
    }),
  );
}

/** Yields the text as it comes; returns the stream's last part. */
async function* relayText(
  run: StreamRun,
  started: RoutedCall<TextStreamStart>,
): AsyncGenerator<TextStreamEvent, StreamFinish> {
  const chunkTimeoutMs =
    run.call.route.chunkTimeoutMs ?? ROUTE_DEFAULTS.chunkTimeoutMs;
  let part = started.value.first;
  while (part.type === 'text-delta') {
    run.delivered += part.text;
    yield { type: 'text-delta', text: part.text };
    part = await nextPart({
      parts: started.value.rest,
      timeoutMs: chunkTimeoutMs,
      provider: started.provider,
    });
  }
  return part;
}

/** Charges a stream that ran to its end and returns its `end` event. */
async function endStream(
  deps: RouteAndChargeDeps,
  run: StreamRun,
  ended: { started: RoutedCall<TextStreamStart>; last: StreamFinish },
): Promise<TextStreamEvent> {
  const { call } = run;
  const { started, last } = ended;
  const value = {
    text: run.delivered,
    finishReason: last.finishReason,
    usage: last.usage,
    warnings: started.value.warnings,
  };
  const cost = deps.priceBook.chargeableOf(servedTarget(started), 'text');
  const microCredits = textCost(cost, value, call.request);
  run.settled = true;
  const result = await settleSuccess(deps, {
    call,
    hold: run.hold,
    result: toTextResult(
      { ...started, value, latencyMs: call.now() - call.startedAt },
      { id: call.id, microCredits },
    ),
  });
  deps.logger.info(
    {
      requestId: call.requestId,
      id: call.id,
      route: call.route.name,
      provider: result.provider,
      fallbackUsed: result.fallbackUsed,
      microCredits: result.cost.microCredits,
    },
    'stream ended',
  );
  return {
    type: 'end',
    id: call.id,
    provider: result.provider,
    model: result.model,
    finishReason: result.finishReason,
    usage: result.usage,
    cost: result.cost,
    fallbackUsed: result.fallbackUsed,
    attempts: result.attempts,
    latencyMs: result.latencyMs,
  };
}

/** The engine events a stream shows its caller, before its first text. */
function toStreamEvent(event: EngineEvent): TextStreamEvent | undefined {
  if (event.type === 'attempt-start') {
    return {
      type: 'attempt-start',
      provider: event.target.instance,
      model: event.target.model,
      attempt: event.attempt,
    };
  }
  if (event.type === 'fallback') {
    return {
      type: 'fallback',
      from: { provider: event.from.instance, model: event.from.model },
      to: { provider: event.to.instance, model: event.to.model },
      reason: event.reason,
    };
  }
  return undefined;
}
