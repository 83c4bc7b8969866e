/** Upstream waits longer than this are treated as "not soon" and capped. */
export const MAX_PARSED_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

type HeaderBag = Record<string, string | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const bag = headers as Record<string, string | undefined>;
  return bag[name] ?? bag[name.toLowerCase()];
}

/**
 * Reads how long an upstream asks us to wait, in milliseconds, from (in order):
 * `retry-after-ms`, `retry-after` (seconds or an HTTP date), OpenAI's
 * `x-ratelimit-reset-requests`/`-tokens` durations (`6m0s`, `1s`, `120ms`), and
 * `x-ratelimit-reset`/`ratelimit-reset` (delta seconds or epoch seconds).
 * Returns undefined when none is present or parseable.
 */
export function parseRetryAfter(
  headers: HeaderBag,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = parseNumber(header(headers, 'retry-after-ms'));
  if (milliseconds !== undefined) return cap(milliseconds);

  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = parseNumber(retryAfter);
    if (seconds !== undefined) return cap(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return cap(Math.max(0, date - now));
  }

  const openAiWait = openAiResetWait(headers);
  if (openAiWait !== undefined) return cap(openAiWait);

  for (const name of ['x-ratelimit-reset', 'ratelimit-reset']) {
    const value = parseNumber(header(headers, name));
    if (value === undefined) continue;
    // Large values are epoch seconds; small ones are a delta in seconds.
    const wait = value > 1_000_000_000 ? value * 1000 - now : value * 1000;
    return cap(Math.max(0, wait));
  }
  return undefined;
}

function openAiResetWait(headers: HeaderBag): number | undefined {
  const requests = parseDuration(header(headers, 'x-ratelimit-reset-requests'));
  const tokens = parseDuration(header(headers, 'x-ratelimit-reset-tokens'));
  if (requests === undefined && tokens === undefined) return undefined;
  // Wait for the limit that is exhausted; when unknown, for the later reset.
  if (
    header(headers, 'x-ratelimit-remaining-requests') === '0' &&
    requests !== undefined
  ) {
    return requests;
  }
  if (
    header(headers, 'x-ratelimit-remaining-tokens') === '0' &&
    tokens !== undefined
  ) {
    return tokens;
  }
  return Math.max(requests ?? 0, tokens ?? 0);
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/** Parses Go-style durations such as `6m0s`, `1.5s`, `120ms`. */
export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^(\d+(?:\.\d+)?(ms|h|m|s))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(DURATION_PART)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return total;
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

function cap(milliseconds: number): number {
  return Math.min(Math.round(milliseconds), MAX_PARSED_RETRY_AFTER_MS);
}
