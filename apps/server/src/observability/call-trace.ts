import {
  context,
  SpanStatusCode,
  trace,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { Attempt, EngineEvent, RouteTarget } from '@switchyard/core';
import type { CallEnd, CallWatch } from '../gateway/gateway-observer';

/** The name of a call's span. */
export const CALL_SPAN = 'switchyard.generate';
/** The name of an attempt's span, a child of its call's. */
export const ATTEMPT_SPAN = 'switchyard.attempt';

/** The attributes the gateway's spans carry. */
export const SPAN_ATTRIBUTES = {
  callId: 'switchyard.call_id',
  route: 'switchyard.route',
  type: 'switchyard.type',
  stream: 'switchyard.stream',
  outcome: 'switchyard.outcome',
  errorCode: 'switchyard.error_code',
  provider: 'switchyard.provider',
  model: 'switchyard.model',
  attempt: 'switchyard.attempt',
  fallbackReason: 'switchyard.fallback_reason',
  cost: 'switchyard.cost_micro_credits',
  gatewayCost: 'switchyard.gateway_cost_micro_credits',
  hedged: 'switchyard.hedged',
  cache: 'switchyard.cache',
  httpStatus: 'http.response.status_code',
} as const;

/** One attempt's span: ended with its call, at the time its attempt ended. */
interface AttemptSpan {
  span: Span;
  target: RouteTarget;
  attempt: number;
  outcome?: 'success' | 'error';
  /** `performance.now()` when the attempt ended. */
  endedAt?: number;
}

/**
 * Traces one call on its span: a child span per attempt from the call's
 * engine events, ended with the call so the attempt that served can carry
 * the cost and a failed one the reason the call moved on.
 */
export function traceCall(options: { tracer: Tracer; span: Span }): CallWatch {
  const { tracer, span } = options;
  const parent = trace.setSpan(context.active(), span);
  const attempts: AttemptSpan[] = [];
  return {
    engineEvent(event) {
      if (event.type === 'attempt-start') {
        attempts.push(startAttempt({ tracer, parent, event }));
        return;
      }
      onEngineEvent({ span, attempts, event });
    },
    cacheLookup: ({ hit }) =>
      span.setAttribute(SPAN_ATTRIBUTES.cache, hit ? 'hit' : 'miss'),
    firstToken: ({ ms }) =>
      span.addEvent('first-token', { 'switchyard.ms': ms }),
    callEnded(end) {
      endAttempts(attempts, end);
      endCall(span, end);
    },
  };
}

function startAttempt(options: {
  tracer: Tracer;
  parent: ReturnType<typeof context.active>;
  event: Extract<EngineEvent, { type: 'attempt-start' }>;
}): AttemptSpan {
  const { target, attempt } = options.event;
  const span = options.tracer.startSpan(
    ATTEMPT_SPAN,
    {
      attributes: {
        [SPAN_ATTRIBUTES.provider]: target.instance,
        [SPAN_ATTRIBUTES.model]: target.model,
        [SPAN_ATTRIBUTES.attempt]: attempt,
      },
    },
    options.parent,
  );
  return { span, target, attempt };
}

/** Records an attempt's end, a retry or a fallback. */
function onEngineEvent(options: {
  span: Span;
  attempts: AttemptSpan[];
  event: EngineEvent;
}): void {
  const { span, attempts, event } = options;
  if (event.type === 'attempt-end') {
    const ended = attempts.findLast(
      (each) =>
        each.endedAt === undefined &&
        each.attempt === event.attempt &&
        sameTarget(each.target, event.target),
    );
    if (ended === undefined) return;
    ended.endedAt = performance.now();
    ended.outcome = event.outcome;
    ended.span.setAttributes({
      [SPAN_ATTRIBUTES.outcome]: event.outcome,
      [SPAN_ATTRIBUTES.errorCode]: event.code,
      [SPAN_ATTRIBUTES.httpStatus]: event.status,
    });
    if (event.outcome === 'error') {
      ended.span.setStatus({ code: SpanStatusCode.ERROR, message: event.code });
    }
  } else if (event.type === 'retry') {
    span.addEvent('retry', {
      [SPAN_ATTRIBUTES.provider]: event.target.instance,
      [SPAN_ATTRIBUTES.model]: event.target.model,
      [SPAN_ATTRIBUTES.errorCode]: event.code,
      'switchyard.delay_ms': event.delayMs,
    });
  } else if (event.type === 'fallback') {
    span.addEvent('fallback', {
      'switchyard.from': `${event.from.instance}:${event.from.model}`,
      'switchyard.to': `${event.to.instance}:${event.to.model}`,
      [SPAN_ATTRIBUTES.fallbackReason]: event.reason,
    });
    attempts
      .findLast((each) => sameTarget(each.target, event.from))
      ?.span.setAttribute(SPAN_ATTRIBUTES.fallbackReason, event.reason);
  }
}

/**
 * Ends every attempt's span when its attempt ended (an unfinished one now),
 * the serving one with the call's cost and each with the gateway cost its
 * attempt records (the k-th span of a target is its k-th attempt).
 */
function endAttempts(attempts: AttemptSpan[], end: CallEnd): void {
  const recorded = new Map<string, Attempt[]>();
  for (const attempt of end.attempts) {
    if (attempt.outcome === 'skipped') continue;
    const key = `${attempt.provider}:${attempt.model}`;
    recorded.set(key, [...(recorded.get(key) ?? []), attempt]);
  }
  const served = attempts.findLast(
    (each) =>
      each.outcome === 'success' &&
      each.target.instance === end.provider &&
      each.target.model === end.model,
  );
  const seen = new Map<string, number>();
  for (const each of attempts) {
    const key = `${each.target.instance}:${each.target.model}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const attempt = recorded.get(key)?.[index];
    each.span.setAttributes({
      [SPAN_ATTRIBUTES.gatewayCost]: attempt?.gatewayCostMicroCredits,
      [SPAN_ATTRIBUTES.hedged]: attempt?.hedged,
      [SPAN_ATTRIBUTES.cost]: each === served ? end.microCredits : undefined,
    });
    each.span.end(each.endedAt);
  }
}

/** Ends the call's span with how the call ended. */
function endCall(span: Span, end: CallEnd): void {
  span.setAttributes({
    [SPAN_ATTRIBUTES.outcome]: end.outcome,
    [SPAN_ATTRIBUTES.cost]: end.microCredits,
    [SPAN_ATTRIBUTES.provider]: end.provider,
    [SPAN_ATTRIBUTES.model]: end.model,
    [SPAN_ATTRIBUTES.errorCode]: end.code,
  });
  if (end.outcome === 'error') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: end.code });
  }
  span.end();
}

function sameTarget(left: RouteTarget, right: RouteTarget): boolean {
  return left.instance === right.instance && left.model === right.model;
}
