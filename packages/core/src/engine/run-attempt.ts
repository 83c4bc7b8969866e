import { SwitchyardError, toSwitchyardError } from '../errors/switchyard-error';

/**
 * Runs one call with a timeout, tied to the caller's signal. The call gets its
 * own signal, aborted on timeout or when the caller aborts, and the returned
 * promise settles at once in both cases even if the call ignores its signal.
 * Rejects with a SwitchyardError: `timeout`, `cancelled`, or the call's own.
 */
export async function runAttempt<TValue>(options: {
  call: (signal: AbortSignal) => Promise<TValue>;
  timeoutMs: number;
  callerSignal?: AbortSignal;
  provider: string;
  /** The `timeout` error's message; default: the per-attempt timeout's. */
  timeoutMessage?: string;
}): Promise<TValue> {
  const { callerSignal, provider, timeoutMs } = options;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCallerAbort: (() => void) | undefined;

  const stopped = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new SwitchyardError({
        code: 'timeout',
        provider,
        message:
          options.timeoutMessage ??
          `${provider} did not answer within ${timeoutMs} ms (the per-attempt timeout); raise the route's timeoutMs if the model is slow.`,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    onCallerAbort = () => {
      const error = cancelledError(provider);
      controller.abort(error);
      reject(error);
    };
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  });

  try {
    if (callerSignal?.aborted) throw cancelledError(provider);
    return await Promise.race([options.call(controller.signal), stopped]);
  } catch (error) {
    if (callerSignal?.aborted) throw cancelledError(provider);
    if (
      controller.signal.aborted &&
      SwitchyardError.isInstance(controller.signal.reason)
    ) {
      throw controller.signal.reason;
    }
    throw toSwitchyardError(error, provider);
  } finally {
    clearTimeout(timer);
    if (onCallerAbort)
      callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function cancelledError(provider: string): SwitchyardError {
  return new SwitchyardError({
    code: 'cancelled',
    provider,
    message: 'The caller cancelled the call.',
  });
}

/** Waits `delayMs`, or rejects with `cancelled` as soon as the signal aborts. */
export function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError('switchyard'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError('switchyard'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
