import { clipText } from '../safety/clip-text';
import { ERROR_CODES, type ErrorCode } from './codes';

const MARKER = Symbol.for('switchyard.error');
const RESPONSE_BODY_LIMIT = 2_048;

/** Constructor options of {@link SwitchyardError}. */
export interface SwitchyardErrorOptions {
  code: ErrorCode;
  message: string;
  /** Provider instance (or provider name) that produced the error. */
  provider?: string;
  /** Upstream HTTP status, when there was a response. */
  statusCode?: number;
  /** How long the upstream asked us to wait before trying again. */
  retryAfterMs?: number;
  /** Overrides the decision table's `retryable` for this one error (e.g. a 429 that is a billing quota). */
  isRetryable?: boolean;
  /**
   * Upstream response body; stored cut to 2 KiB at a word boundary. Redact
   * credentials before passing it: a key cut in two is no longer found.
   */
  responseBody?: string;
  /** Upstream response headers (never request headers: those hold keys). */
  responseHeaders?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type Switchyard throws. `code` is stable and closed; check identity
 * with {@link SwitchyardError.isInstance}, which works across copies of this package.
 */
export class SwitchyardError extends Error {
  private readonly [MARKER] = true;
  override readonly name: string = 'SwitchyardError';
  readonly code: ErrorCode;
  readonly provider?: string;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
  readonly isRetryable: boolean;
  readonly responseBody?: string;
  readonly responseHeaders?: Record<string, string>;

  constructor(options: SwitchyardErrorOptions) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
    this.isRetryable =
      options.isRetryable ?? ERROR_CODES[options.code].retryable;
    this.responseBody =
      options.responseBody === undefined
        ? undefined
        : clipText(options.responseBody, RESPONSE_BODY_LIMIT, '… (truncated)');
    this.responseHeaders = options.responseHeaders;
  }

  /** True for any SwitchyardError, including ones from another copy of core. */
  static isInstance(error: unknown): error is SwitchyardError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }

  /** A plain, loggable form without headers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      statusCode: this.statusCode,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/**
 * Turns anything thrown into a SwitchyardError: passes ours through, maps an
 * abort to `cancelled`, and anything else to `unknown`.
 */
export function toSwitchyardError(
  error: unknown,
  provider?: string,
): SwitchyardError {
  if (SwitchyardError.isInstance(error)) return error;
  if (isAbortError(error)) {
    return new SwitchyardError({
      code: 'cancelled',
      message: 'The call was cancelled by the caller.',
      provider,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchyardError({
    code: 'unknown',
    message: `Unexpected error${provider ? ` from ${provider}` : ''}: ${message}`,
    provider,
    cause: error,
  });
}

/** True for the errors `AbortSignal` produces (`AbortError`, `TimeoutError`). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}
