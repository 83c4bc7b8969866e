import { decisionFor, type ErrorCode } from '../errors/codes';
import type { FailureReason } from '../errors/route-failed-error';
import type { SwitchyardError } from '../errors/switchyard-error';
import { backoffDelay } from './backoff';
import type { BreakerState, Route } from './types';

/**
 * Why a failed attempt is not retried at the same target:
 * - `not-retryable`: the code's decision (route override, then the error's own
 *   verdict, then the table) says no;
 * - `last-attempt`: the route's `retry.maxAttempts` are used up;
 * - `breaker-not-closed`: the failure left the target's breaker open or half-open;
 * - `retry-after-over-cap`: the upstream asks to wait longer than `retry.maxRetryAfterMs`;
 * - `past-deadline`: the wait would end at or after the call's deadline.
 */
export const noRetryReasons = [
  'not-retryable',
  'last-attempt',
  'breaker-not-closed',
  'retry-after-over-cap',
  'past-deadline',
] as const;
/** Why a failed attempt is not retried at the same target; see {@link noRetryReasons}. */
export type NoRetryReason = (typeof noRetryReasons)[number];

/** What the engine does after a failed attempt. */
export type Decision =
  /** Call the same target again after `delayMs`. */
  | { action: 'retry'; delayMs: number }
  /** Move on to the next target; `reason` is the failure's code. */
  | { action: 'fallback'; reason: ErrorCode; why: NoRetryReason }
  /** End the call: the code does not fall back. */
  | {
      action: 'stop';
      reason: Extract<FailureReason, 'not-recoverable'>;
      why: NoRetryReason;
    }
  /** End the call: the attempt was cancelled. */
  | { action: 'stop'; reason: Extract<FailureReason, 'cancelled'> };

/** Inputs of {@link decide}: everything the retry/fallback decision reads. */
export interface DecideOptions {
  /** The attempt's error: its code, own retry verdict and Retry-After. */
  error: Pick<SwitchyardError, 'code' | 'isRetryable' | 'retryAfterMs'>;
  /** The route's retry settings and per-code overrides. */
  route: Pick<Route, 'retry' | 'decisions'>;
  /** The 1-based number of the attempt that failed, at this target. */
  attempt: number;
  /** The target's breaker state after the failure was recorded. */
  breaker: BreakerState;
  /** Time left before the call's deadline. */
  remainingMs: number;
  /** Randomness for the backoff's jitter, in [0, 1). */
  random: () => number;
}

/**
 * The retry/fallback decision after a failed attempt, as one pure function.
 * A cancel stops the call. Otherwise the target is retried when the code's
 * decision is retryable, attempts are left, the breaker is closed, the
 * Retry-After is within the route's cap and the backoff ends before the
 * deadline; the wait is the backoff (see {@link backoffDelay}), or the
 * Retry-After when longer. When it is not retried, the call falls back if
 * the code's decision allows it, and stops as `not-recoverable` if not.
 */
export function decide(options: DecideOptions): Decision {
  const { error, route } = options;
  if (error.code === 'cancelled')
    return { action: 'stop', reason: 'cancelled' };
  const decision = decisionFor(error.code, route.decisions, error.isRetryable);
  const why = noRetryReason(options, decision.retryable);
  if (why === undefined) {
    const delayMs = backoffDelay({
      retry: options.attempt,
      settings: route.retry,
      random: options.random,
      retryAfterMs: error.retryAfterMs,
    });
    if (delayMs < options.remainingMs) return { action: 'retry', delayMs };
    return moveOn(error.code, decision.fallback, 'past-deadline');
  }
  return moveOn(error.code, decision.fallback, why);
}

/** The first check, in order, that forbids a retry; undefined when none does. */
function noRetryReason(
  options: DecideOptions,
  retryable: boolean,
): NoRetryReason | undefined {
  const { retry } = options.route;
  const { retryAfterMs } = options.error;
  if (!retryable) return 'not-retryable';
  if (options.attempt >= retry.maxAttempts) return 'last-attempt';
  if (options.breaker !== 'closed') return 'breaker-not-closed';
  if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) {
    return 'retry-after-over-cap';
  }
  return undefined;
}

function moveOn(
  code: ErrorCode,
  fallback: boolean,
  why: NoRetryReason,
): Decision {
  return fallback
    ? { action: 'fallback', reason: code, why }
    : { action: 'stop', reason: 'not-recoverable', why };
}
