import type { RetrySettings } from './types';

/**
 * The wait before retry number `retry` (1 = the first retry): exponential
 * (`baseDelayMs · 2^(retry-1)`, at most `maxDelayMs`) with equal jitter, so
 * the wait lies in [half, all] of that step. An upstream's Retry-After wins
 * when it is longer.
 */
export function backoffDelay(options: {
  retry: number;
  settings: RetrySettings;
  random: () => number;
  retryAfterMs?: number;
}): number {
  const { retry, settings, random } = options;
  const step = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs * 2 ** Math.max(0, retry - 1),
  );
  const jittered = Math.round(step / 2 + (random() * step) / 2);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
