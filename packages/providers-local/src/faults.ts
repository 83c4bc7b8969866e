import {
  ERROR_CODES,
  SwitchyardError,
  cancellableSleep,
} from '@switchyard/core';
import type { LocalFaults } from './settings';

/**
 * Applies an instance's faults to one call: waits `latencyMs` (ending early,
 * with a `cancelled` error, when the call is aborted), then fails a `rate`
 * share of calls with the configured code, its usual HTTP status and
 * `retryAfterMs`.
 */
export async function applyFaults(options: {
  faults: LocalFaults | undefined;
  provider: string;
  random: () => number;
  signal: AbortSignal | undefined;
}): Promise<void> {
  const { faults, provider, signal } = options;
  if (signal?.aborted) throw cancelledError(provider, signal.reason);
  if (faults === undefined) return;
  if (faults.latencyMs !== undefined && faults.latencyMs > 0) {
    await cancellableSleep(faults.latencyMs, signal).catch((error: unknown) => {
      throw SwitchyardError.isInstance(error)
        ? new SwitchyardError({
            code: error.code,
            message: error.message,
            provider,
            cause: error,
          })
        : error;
    });
  }
  if (faults.rate > 0 && options.random() < faults.rate) {
    const code = faults.code ?? 'server_error';
    throw new SwitchyardError({
      code,
      provider,
      statusCode: ERROR_CODES[code].httpStatus,
      retryAfterMs: faults.retryAfterMs,
      message: `Injected fault: the local instance "${provider}" is configured to fail ${Math.round(faults.rate * 100)}% of calls with ${code}. Change providers.${provider}.faults to stop it.`,
    });
  }
}

function cancelledError(provider: string, reason: unknown): SwitchyardError {
  return new SwitchyardError({
    code: 'cancelled',
    provider,
    message: 'The call was cancelled before the local model answered.',
    cause: reason,
  });
}
