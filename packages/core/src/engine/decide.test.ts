import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, ErrorDecisionOverrides } from '../errors/codes';
import { SwitchyardError } from '../errors/switchyard-error';
import { createResponseError } from '../http/error-response';
import type { MapError } from '../http/http-types';
import { decide, type Decision, type NoRetryReason } from './decide';
import { ROUTE_DEFAULTS } from './route';
import type { BreakerState, RetrySettings } from './types';

/** Where a row's error comes from: built directly, or from an upstream's error response. */
type ErrorSource =
  | { code: ErrorCode; retryAfterMs?: number }
  | { status: number; headers?: Record<string, string>; mapError?: MapError };

interface Row {
  name: string;
  error: ErrorSource;
  retry?: Partial<RetrySettings>;
  decisions?: ErrorDecisionOverrides;
  /** Default 1 (of the default 2). */
  attempt?: number;
  /** Default `closed`. */
  breaker?: BreakerState;
  /** Default an hour. */
  remainingMs?: number;
  expected: Decision;
}

// With random() = 0.5 the equal-jitter backoff is 3/4 of its step: the
// default 250 ms base gives 188 ms before the first retry, then 375, 750, ….
const FIRST_BACKOFF_MS = 188;
const retryFirst: Decision = { action: 'retry', delayMs: FIRST_BACKOFF_MS };

const fallback = (reason: ErrorCode, why: NoRetryReason): Decision => ({
  action: 'fallback',
  reason,
  why,
});
const notRecoverable = (why: NoRetryReason): Decision => ({
  action: 'stop',
  reason: 'not-recoverable',
  why,
});

/** Each code's default, as the README's table gives it. */
const defaults: Row[] = [
  {
    name: 'rate_limited retries',
    error: { code: 'rate_limited' },
    expected: retryFirst,
  },
  {
    name: 'quota_exceeded falls back',
    error: { code: 'quota_exceeded' },
    expected: fallback('quota_exceeded', 'not-retryable'),
  },
  { name: 'timeout retries', error: { code: 'timeout' }, expected: retryFirst },
  { name: 'network retries', error: { code: 'network' }, expected: retryFirst },
  {
    name: 'server_error retries',
    error: { code: 'server_error' },
    expected: retryFirst,
  },
  {
    name: 'invalid_response retries',
    error: { code: 'invalid_response' },
    expected: retryFirst,
  },
  {
    name: 'overloaded retries',
    error: { code: 'overloaded' },
    expected: retryFirst,
  },
  {
    name: 'model_loading retries',
    error: { code: 'model_loading' },
    expected: retryFirst,
  },
  {
    name: 'auth falls back',
    error: { code: 'auth' },
    expected: fallback('auth', 'not-retryable'),
  },
  {
    name: 'invalid_request stops',
    error: { code: 'invalid_request' },
    expected: notRecoverable('not-retryable'),
  },
  {
    name: 'content_policy stops',
    error: { code: 'content_policy' },
    expected: notRecoverable('not-retryable'),
  },
  {
    name: 'not_found falls back',
    error: { code: 'not_found' },
    expected: fallback('not_found', 'not-retryable'),
  },
  {
    name: 'unsupported falls back',
    error: { code: 'unsupported' },
    expected: fallback('unsupported', 'not-retryable'),
  },
  {
    name: 'cancelled stops the call',
    error: { code: 'cancelled' },
    expected: { action: 'stop', reason: 'cancelled' },
  },
  {
    name: 'unknown falls back',
    error: { code: 'unknown' },
    expected: fallback('unknown', 'not-retryable'),
  },
];

/** The error's own verdict: the status's code, the provider's mapError, the x-should-retry header. */
const upstream: Row[] = [
  {
    name: 'a 502 is a retried server_error',
    error: { status: 502 },
    expected: retryFirst,
  },
  {
    name: 'x-should-retry: true retries a 401',
    error: { status: 401, headers: { 'x-should-retry': 'true' } },
    expected: retryFirst,
  },
  {
    name: 'x-should-retry: false does not retry a 500',
    error: { status: 500, headers: { 'x-should-retry': 'false' } },
    expected: fallback('server_error', 'not-retryable'),
  },
  {
    name: "mapError's code and verdict win over the status's (a 429 billing quota)",
    error: {
      status: 429,
      mapError: () => ({ code: 'quota_exceeded', isRetryable: false }),
    },
    expected: fallback('quota_exceeded', 'not-retryable'),
  },
  {
    name: "mapError's isRetryable wins over the x-should-retry header",
    error: {
      status: 500,
      headers: { 'x-should-retry': 'false' },
      mapError: () => ({ isRetryable: true }),
    },
    expected: retryFirst,
  },
];

/** A route's `onError` overrides. */
const overrides: Row[] = [
  {
    name: 'a route forbids retrying a code',
    error: { code: 'server_error' },
    decisions: { server_error: { retryable: false } },
    expected: fallback('server_error', 'not-retryable'),
  },
  {
    name: 'a route forbids falling back on a code',
    error: { code: 'rate_limited' },
    attempt: 2,
    decisions: { rate_limited: { fallback: false } },
    expected: notRecoverable('last-attempt'),
  },
  {
    name: 'a route lets a code fall back that does not by default',
    error: { code: 'invalid_request' },
    decisions: { invalid_request: { fallback: true } },
    expected: fallback('invalid_request', 'not-retryable'),
  },
  {
    name: 'a route retries a code the table does not',
    error: { code: 'auth' },
    decisions: { auth: { retryable: true } },
    expected: retryFirst,
  },
  {
    name: "a route's retryable wins over x-should-retry: false",
    error: { status: 500, headers: { 'x-should-retry': 'false' } },
    decisions: { server_error: { retryable: true } },
    expected: retryFirst,
  },
  {
    name: "a route's retryable: false wins over x-should-retry: true",
    error: { status: 500, headers: { 'x-should-retry': 'true' } },
    decisions: { server_error: { retryable: false } },
    expected: fallback('server_error', 'not-retryable'),
  },
  {
    name: "a route's override of another code changes nothing",
    error: { code: 'server_error' },
    decisions: { rate_limited: { retryable: false, fallback: false } },
    expected: retryFirst,
  },
  {
    name: 'an override never makes a cancel retry or fall back',
    error: { code: 'cancelled' },
    decisions: { cancelled: { retryable: true, fallback: true } },
    expected: { action: 'stop', reason: 'cancelled' },
  },
];

/** Attempts, breaker, Retry-After cap, backoff and deadline. */
const limits: Row[] = [
  {
    name: 'the last attempt at a target falls back',
    error: { code: 'server_error' },
    attempt: 2,
    expected: fallback('server_error', 'last-attempt'),
  },
  {
    name: 'maxAttempts 1 never retries',
    error: { code: 'server_error' },
    retry: { maxAttempts: 1 },
    expected: fallback('server_error', 'last-attempt'),
  },
  {
    name: 'an open breaker falls back',
    error: { code: 'server_error' },
    breaker: 'open',
    expected: fallback('server_error', 'breaker-not-closed'),
  },
  {
    name: 'a half-open breaker falls back',
    error: { code: 'timeout' },
    breaker: 'half-open',
    expected: fallback('timeout', 'breaker-not-closed'),
  },
  {
    name: 'a Retry-After above the cap falls back',
    error: { code: 'rate_limited', retryAfterMs: 10_001 },
    expected: fallback('rate_limited', 'retry-after-over-cap'),
  },
  {
    name: 'a Retry-After header above the cap falls back',
    error: { status: 429, headers: { 'retry-after': '30' } },
    expected: fallback('rate_limited', 'retry-after-over-cap'),
  },
  {
    name: 'a Retry-After at the cap is waited for',
    error: { code: 'rate_limited', retryAfterMs: 10_000 },
    expected: { action: 'retry', delayMs: 10_000 },
  },
  {
    name: 'a Retry-After header below the cap is waited for',
    error: { status: 429, headers: { 'retry-after': '2' } },
    expected: { action: 'retry', delayMs: 2_000 },
  },
  {
    name: 'a Retry-After shorter than the backoff waits the backoff',
    error: { code: 'rate_limited', retryAfterMs: 50 },
    expected: retryFirst,
  },
  {
    name: 'a lower cap moves on sooner',
    error: { code: 'rate_limited', retryAfterMs: 2_000 },
    retry: { maxRetryAfterMs: 1_000 },
    expected: fallback('rate_limited', 'retry-after-over-cap'),
  },
  {
    name: 'backoff doubles: second retry',
    error: { code: 'server_error' },
    retry: { maxAttempts: 10 },
    attempt: 2,
    expected: { action: 'retry', delayMs: 375 },
  },
  {
    name: 'backoff doubles: third retry',
    error: { code: 'server_error' },
    retry: { maxAttempts: 10 },
    attempt: 3,
    expected: { action: 'retry', delayMs: 750 },
  },
  {
    name: 'backoff stops growing at maxDelayMs',
    error: { code: 'server_error' },
    retry: { maxAttempts: 10, maxDelayMs: 1_000 },
    attempt: 5,
    expected: { action: 'retry', delayMs: 750 },
  },
  {
    name: 'backoff follows baseDelayMs',
    error: { code: 'server_error' },
    retry: { baseDelayMs: 1_000 },
    expected: { action: 'retry', delayMs: 750 },
  },
  {
    name: 'a wait that ends at the deadline falls back',
    error: { code: 'server_error' },
    remainingMs: FIRST_BACKOFF_MS,
    expected: fallback('server_error', 'past-deadline'),
  },
  {
    name: 'a wait that ends just before the deadline retries',
    error: { code: 'server_error' },
    remainingMs: FIRST_BACKOFF_MS + 1,
    expected: retryFirst,
  },
  {
    name: 'past the deadline, a code that does not fall back stops',
    error: { code: 'server_error' },
    remainingMs: 0,
    decisions: { server_error: { fallback: false } },
    expected: notRecoverable('past-deadline'),
  },
];

async function errorFrom(source: ErrorSource): Promise<SwitchyardError> {
  if ('code' in source) {
    return new SwitchyardError({
      code: source.code,
      message: 'test',
      retryAfterMs: source.retryAfterMs,
    });
  }
  const body = new TextEncoder().encode('{"error":{"message":"test"}}');
  return createResponseError({
    provider: 'test',
    mapError: source.mapError,
    response: {
      status: source.status,
      statusText: '',
      headers: source.headers ?? {},
      chunks: () => Readable.from([body]),
      discard() {},
    },
  });
}

describe('decide', () => {
  it.each([...defaults, ...upstream, ...overrides, ...limits])(
    'should decide: $name',
    async (row) => {
      const decision = decide({
        error: await errorFrom(row.error),
        route: {
          retry: { ...ROUTE_DEFAULTS.retry, ...row.retry },
          decisions: row.decisions,
        },
        attempt: row.attempt ?? 1,
        breaker: row.breaker ?? 'closed',
        remainingMs: row.remainingMs ?? 3_600_000,
        random: () => 0.5,
      });
      expect(decision).toEqual(row.expected);
    },
  );
});
