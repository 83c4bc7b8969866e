import { SwitchyardError } from '../errors/switchyard-error';
import {
  createSecretRedactor,
  type SecretRedactor,
} from '../safety/redact-secrets';
import { toNetworkError } from './network-error';
import { secretValues } from './request-headers';

/**
 * The lifetime of one upstream call: links the caller's signal and the
 * timeouts to one AbortController whose abort really stops the request, and
 * turns whatever was thrown into the right SwitchyardError.
 * @internal
 */
export interface CallScope {
  /** Signal to hand to the transport; undefined when nothing can abort the call. */
  readonly signal: AbortSignal | undefined;
  /** (Re)starts the deadline: the call fails with `timeout` after `delayMs`. */
  startDeadline(delayMs: number, describe: () => string): void;
  /** Stops the deadline. */
  clearDeadline(): void;
  /** Removes the request's credentials from upstream text; apply before any cut. */
  readonly redact: SecretRedactor;
  /** The error to throw for something thrown during the call. */
  toError(error: unknown): SwitchyardError;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/**
 * Creates the scope of one call. Throws at once when the caller's signal is
 * already aborted. No controller is made when there is no timer: the
 * caller's signal goes to the transport as it is (the common fast path
 * costs nothing).
 * @internal
 */
export function createCallScope(options: {
  provider: string;
  signal?: AbortSignal;
  /** Whether a deadline may be started later (timeouts). */
  needsTimer: boolean;
  /** The request headers, whose credentials are redacted from any error. */
  requestHeaders?: Record<string, string>;
}): CallScope {
  const { provider, signal: callerSignal } = options;
  if (callerSignal?.aborted) {
    throw abortReasonToError(callerSignal.reason, provider);
  }
  // Without a timer the caller's own signal stops the request: no
  // controller, no listener (most calls). With one, both feed a controller.
  const controller = options.needsTimer ? new AbortController() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => {
    controller?.abort(abortReasonToError(callerSignal?.reason, provider));
  };
  if (controller !== undefined) {
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  }

  // Built on first use: most calls succeed and never redact anything.
  let redactor: SecretRedactor | undefined;
  const redact: SecretRedactor = (text, redactOptions) => {
    redactor ??= createSecretRedactor(
      options.requestHeaders === undefined
        ? []
        : secretValues(options.requestHeaders),
    );
    return redactor(text, redactOptions);
  };

  const clearDeadline = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return {
    signal: controller?.signal ?? callerSignal,
    redact,
    startDeadline(delayMs, describe) {
      clearDeadline();
      timer = setTimeout(() => {
        controller?.abort(
          new SwitchyardError({
            code: 'timeout',
            provider,
            message: describe(),
          }),
        );
      }, delayMs);
    },
    clearDeadline,
    toError(error) {
      const aborted = controller?.signal.aborted === true;
      if (aborted && SwitchyardError.isInstance(controller.signal.reason)) {
        return controller.signal.reason;
      }
      if (controller === undefined && callerSignal?.aborted === true) {
        return abortReasonToError(callerSignal.reason, provider);
      }
      const mapped = SwitchyardError.isInstance(error)
        ? error
        : toNetworkError(error, provider);
      return redactError(mapped, redact);
    },
    dispose() {
      clearDeadline();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * The error for a caller's abort: its reason when that is already a
 * SwitchyardError (the engine aborts with `timeout` or `cancelled`), `timeout`
 * for `AbortSignal.timeout()`, and `cancelled` otherwise.
 * @internal
 */
export function abortReasonToError(
  reason: unknown,
  provider: string,
): SwitchyardError {
  if (SwitchyardError.isInstance(reason)) return reason;
  const name = (reason as { name?: unknown } | null | undefined)?.name;
  if (name === 'TimeoutError') {
    return new SwitchyardError({
      code: 'timeout',
      provider,
      message: `The call to ${provider} timed out (the caller's signal fired).`,
      cause: reason,
    });
  }
  return new SwitchyardError({
    code: 'cancelled',
    provider,
    message: `The caller cancelled the call to ${provider}.`,
    cause: reason,
  });
}

/**
 * The error with any request credential removed from its message and body
 * (an upstream may echo a key back). Returns the same error when clean. The
 * helper's own errors were redacted before they were cut; this catches what a
 * provider's code threw.
 */
function redactError(
  error: SwitchyardError,
  redact: SecretRedactor,
): SwitchyardError {
  const leaks = (text: string | undefined) =>
    text !== undefined && redact(text) !== text;
  if (!leaks(error.message) && !leaks(error.responseBody)) return error;
  return new SwitchyardError({
    code: error.code,
    provider: error.provider,
    message: redact(error.message),
    statusCode: error.statusCode,
    retryAfterMs: error.retryAfterMs,
    isRetryable: error.isRetryable,
    responseBody:
      error.responseBody === undefined ? undefined : redact(error.responseBody),
    responseHeaders: error.responseHeaders,
  });
}
