import type { Attempt } from '../schemas/generate';
import type { SkipReason } from '../engine/reasons';
import type { ErrorCode } from './codes';
import { SwitchyardError } from './switchyard-error';

/** Why a routed call failed as a whole. */
export type FailureReason =
  /** Every target was tried (or skipped) and none succeeded. */
  | 'all-targets-failed'
  /** An error whose code does not fall back stopped the route. */
  | 'not-recoverable'
  /** The route's overall deadline passed. */
  | 'deadline'
  /** The caller aborted. */
  | 'cancelled'
  /** The route had no target to try. */
  | 'no-targets';

/** Constructor options of {@link RouteFailedError}. */
export interface RouteFailedErrorOptions {
  reason: FailureReason;
  attempts: Attempt[];
  errors: SwitchyardError[];
  message?: string;
}

/**
 * A routed call that failed as a whole. Carries every attempt in order and the
 * errors behind them; `code` is the last error's, or `rate_limited` with the
 * smallest `retryAfterMs` when every target was rate limited.
 */
export class RouteFailedError extends SwitchyardError {
  override readonly name = 'RouteFailedError';
  readonly reason: FailureReason;
  readonly attempts: Attempt[];
  readonly errors: SwitchyardError[];
  readonly lastError?: SwitchyardError;

  constructor(options: RouteFailedErrorOptions) {
    const { reason, attempts, errors } = options;
    const lastError = errors.at(-1);
    const rateLimited = allRateLimited(attempts);
    const code = finalCode({ reason, attempts, lastError });
    super({
      code,
      message:
        options.message ?? describeFailure({ reason, attempts, lastError }),
      provider: lastError?.provider,
      statusCode: lastError?.statusCode,
      retryAfterMs: rateLimited
        ? smallestRetryAfter(attempts)
        : lastError?.retryAfterMs,
      cause: lastError,
    });
    this.reason = reason;
    this.attempts = attempts;
    this.errors = errors;
    this.lastError = lastError;
  }

  /** True for a RouteFailedError, also one made by another copy of this package. */
  static override isInstance(error: unknown): error is RouteFailedError {
    return (
      SwitchyardError.isInstance(error) &&
      error.name === 'RouteFailedError' &&
      Array.isArray((error as Partial<RouteFailedError>).attempts)
    );
  }
}

function finalCode(options: {
  reason: FailureReason;
  attempts: Attempt[];
  lastError: SwitchyardError | undefined;
}): ErrorCode {
  const { reason, attempts, lastError } = options;
  if (reason === 'cancelled') return 'cancelled';
  if (reason === 'deadline') return 'timeout';
  if (allRateLimited(attempts)) return 'rate_limited';
  return (
    lastError?.code ??
    codeOfSkips(
      attempts
        .filter((attempt) => attempt.outcome === 'skipped')
        .map((attempt) => attempt.reason),
    )
  );
}

/** The code of a call whose every target was skipped without a call. */
function codeOfSkips(
  reasons: ReadonlyArray<SkipReason | undefined>,
): ErrorCode {
  if (reasons.includes('budget')) return 'quota_exceeded';
  if (reasons.includes('quota-spent')) return 'rate_limited';
  if (reasons.includes('breaker-open') || reasons.includes('health-down')) {
    return 'overloaded';
  }
  // A keyed call may not use a model without a price (the server's config).
  if (reasons.includes('unpriced')) return 'invalid_request';
  return 'unsupported';
}

function allRateLimited(attempts: Attempt[]): boolean {
  const failed = attempts.filter((attempt) => attempt.outcome === 'error');
  return (
    failed.length > 0 &&
    failed.every((attempt) => attempt.code === 'rate_limited')
  );
}

function smallestRetryAfter(attempts: Attempt[]): number | undefined {
  const waits = attempts
    .map((attempt) => attempt.retryAfterMs)
    .filter((wait): wait is number => wait !== undefined);
  return waits.length === 0 ? undefined : Math.min(...waits);
}

/** Why a target was skipped: its reason, and what it lacks when it could not serve the request. */
function skipWhy(attempt: Attempt): string {
  const reason = attempt.reason ?? 'unavailable';
  return attempt.message !== undefined
    ? `${reason}: ${attempt.message}`
    : reason;
}

function describeFailure(options: {
  reason: FailureReason;
  attempts: Attempt[];
  lastError?: SwitchyardError;
}): string {
  const tried = options.attempts
    .map(
      (attempt) =>
        `${attempt.provider}:${attempt.model} ${attempt.outcome === 'skipped' ? `skipped (${skipWhy(attempt)})` : (attempt.code ?? attempt.outcome)}`,
    )
    .join(', ');
  const last = options.lastError
    ? ` Last error: ${options.lastError.message}`
    : '';
  switch (options.reason) {
    case 'no-targets':
      return 'The route has no target to try: check the route and the provider override in the request.';
    case 'cancelled':
      return `The call was cancelled after ${options.attempts.length} attempt(s) [${tried}].`;
    case 'deadline':
      return `The route's deadline passed after ${options.attempts.length} attempt(s) [${tried}]; raise the route's timeout or try again.${last}`;
    case 'not-recoverable':
      return `The request failed with an error that does not fall back [${tried}].${last}`;
    case 'all-targets-failed':
      return `Every target failed [${tried}].${last}`;
  }
}
