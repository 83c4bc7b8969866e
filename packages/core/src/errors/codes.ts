import { z } from 'zod';

/**
 * The decision table: what each error code means for routing.
 * `retryable`: try the same target again (with backoff, honouring Retry-After).
 * `fallback`: move on to the next target once retries here are spent.
 * `httpStatus`: the status the gateway answers with when this is the final error.
 * `tripsBreaker`: the failure says something about the target's health (a bad
 * request or a caller's cancel does not), so it counts toward opening its breaker.
 * Routes may override `retryable`/`fallback` per code in config.
 */
export const ERROR_CODES = {
  rate_limited: {
    retryable: true,
    fallback: true,
    httpStatus: 429,
    tripsBreaker: true,
  },
  quota_exceeded: {
    retryable: false,
    fallback: true,
    httpStatus: 402,
    tripsBreaker: true,
  },
  timeout: {
    retryable: true,
    fallback: true,
    httpStatus: 504,
    tripsBreaker: true,
  },
  network: {
    retryable: true,
    fallback: true,
    httpStatus: 502,
    tripsBreaker: true,
  },
  server_error: {
    retryable: true,
    fallback: true,
    httpStatus: 502,
    tripsBreaker: true,
  },
  /**
   * The provider answered "success" with something that is not a valid
   * result: no image or a broken one, text without a finish reason, a body
   * the adapter cannot read, a stream that ended without its end marker.
   * Handled like a 5xx: retried, falls back, counts against the target.
   */
  invalid_response: {
    retryable: true,
    fallback: true,
    httpStatus: 502,
    tripsBreaker: true,
  },
  overloaded: {
    retryable: true,
    fallback: true,
    httpStatus: 503,
    tripsBreaker: true,
  },
  model_loading: {
    retryable: true,
    fallback: true,
    httpStatus: 503,
    tripsBreaker: true,
  },
  auth: {
    retryable: false,
    fallback: true,
    httpStatus: 502,
    tripsBreaker: true,
  },
  invalid_request: {
    retryable: false,
    fallback: false,
    httpStatus: 400,
    tripsBreaker: false,
  },
  content_policy: {
    retryable: false,
    fallback: false,
    httpStatus: 422,
    tripsBreaker: false,
  },
  not_found: {
    retryable: false,
    fallback: true,
    httpStatus: 404,
    tripsBreaker: false,
  },
  unsupported: {
    retryable: false,
    fallback: true,
    httpStatus: 422,
    tripsBreaker: false,
  },
  cancelled: {
    retryable: false,
    fallback: false,
    httpStatus: 499,
    tripsBreaker: false,
  },
  unknown: {
    retryable: false,
    fallback: true,
    httpStatus: 500,
    tripsBreaker: true,
  },
} as const satisfies Record<
  string,
  {
    retryable: boolean;
    fallback: boolean;
    httpStatus: number;
    tripsBreaker: boolean;
  }
>;

/** A Switchyard error code: the stable, closed set callers can switch on. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every error code, in table order. */
export const errorCodes = Object.keys(ERROR_CODES) as [
  ErrorCode,
  ...ErrorCode[],
];

export const errorCodeSchema = z.enum(errorCodes);

/** True when `value` is an error code, e.g. one read back from storage. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return errorCodeSchema.safeParse(value).success;
}

/** Per-code overrides of the decision table, as a route's config gives them. */
export type ErrorDecisionOverrides = Partial<
  Record<ErrorCode, { retryable?: boolean; fallback?: boolean }>
>;

/**
 * The retry/fallback decision for a code. `retryable` comes from, in order:
 * the route's override, the error's own verdict (`isRetryable`: the
 * provider's `mapError` or the upstream's `x-should-retry` header), the table.
 * `fallback` comes from the route's override, else the table.
 */
export function decisionFor(
  code: ErrorCode,
  overrides?: ErrorDecisionOverrides,
  isRetryable?: boolean,
): { retryable: boolean; fallback: boolean } {
  const base = ERROR_CODES[code];
  const override = overrides?.[code];
  return {
    retryable: override?.retryable ?? isRetryable ?? base.retryable,
    fallback: override?.fallback ?? base.fallback,
  };
}

/**
 * The one HTTP status → code mapping for upstream responses. Provider packages
 * add only their special cases on top of it.
 */
export function errorCodeFromStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid_request';
    case 401:
    case 403:
    case 407:
      return 'auth';
    case 402:
      return 'quota_exceeded';
    case 404:
    case 410:
      return 'not_found';
    case 408:
    case 504:
    case 524:
      return 'timeout';
    case 409:
    case 425:
      return 'server_error';
    case 429:
      return 'rate_limited';
    case 499:
      return 'cancelled';
    case 501:
      return 'unsupported';
    case 503:
    case 529:
      return 'overloaded';
    default:
      if (status >= 500 && status <= 599) return 'server_error';
      if (status >= 400 && status <= 499) return 'invalid_request';
      return 'unknown';
  }
}
