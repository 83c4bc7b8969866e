import { describe, expect, it } from 'vitest';
import {
  MAX_PARSED_RETRY_AFTER_MS,
  parseDuration,
  parseRetryAfter,
} from './retry-after';

const NOW = Date.parse('2026-02-17T23:44:00Z');

describe('parseRetryAfter', () => {
  it('should return undefined when no wait header is present', () => {
    expect(parseRetryAfter({ 'content-type': 'application/json' }, NOW)).toBe(
      undefined,
    );
  });

  it('should read retry-after in seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, NOW)).toBe(2_000);
    expect(parseRetryAfter({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, NOW)).toBe(1_500);
  });

  it('should read retry-after as an HTTP date relative to now', () => {
    expect(
      parseRetryAfter({ 'retry-after': 'Tue, 17 Feb 2026 23:44:30 GMT' }, NOW),
    ).toBe(30_000);
  });

  it('should not return a negative wait for a date in the past', () => {
    expect(
      parseRetryAfter({ 'retry-after': 'Tue, 17 Feb 2026 23:00:00 GMT' }, NOW),
    ).toBe(0);
  });

  it('should prefer retry-after-ms over retry-after', () => {
    expect(
      parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '10' }, NOW),
    ).toBe(1_500);
  });

  it('should ignore values that are neither a number nor a date', () => {
    expect(parseRetryAfter({ 'retry-after': 'soon' }, NOW)).toBe(undefined);
    expect(parseRetryAfter({ 'retry-after-ms': '' }, NOW)).toBe(undefined);
  });

  it('should wait for the exhausted OpenAI limit (Go-style durations)', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-reset-tokens': '6m0s',
    };
    expect(parseRetryAfter(headers, NOW)).toBe(360_000);
    expect(
      parseRetryAfter(
        {
          ...headers,
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-remaining-tokens': '100',
        },
        NOW,
      ),
    ).toBe(120);
  });

  it('should wait for the later OpenAI reset when neither limit is known to be spent', () => {
    expect(
      parseRetryAfter(
        {
          'x-ratelimit-reset-requests': '120ms',
          'x-ratelimit-reset-tokens': '1.146s',
        },
        NOW,
      ),
    ).toBe(1_146);
  });

  it('should read ratelimit-reset as delta seconds or epoch seconds', () => {
    expect(parseRetryAfter({ 'ratelimit-reset': '30' }, NOW)).toBe(30_000);
    expect(
      parseRetryAfter({ 'x-ratelimit-reset': String(NOW / 1000 + 60) }, NOW),
    ).toBe(60_000);
  });

  it('should accept a Headers object, whatever the name case', () => {
    const headers = new Headers({ 'Retry-After': '3' });
    expect(parseRetryAfter(headers, NOW)).toBe(3_000);
  });

  it('should cap absurd waits', () => {
    expect(parseRetryAfter({ 'retry-after': '99999999' }, NOW)).toBe(
      MAX_PARSED_RETRY_AFTER_MS,
    );
  });
});

describe('parseDuration', () => {
  it('should parse Go-style durations', () => {
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('1s')).toBe(1_000);
    expect(parseDuration('120ms')).toBe(120);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
  });

  it('should reject anything else', () => {
    expect(parseDuration(undefined)).toBe(undefined);
    expect(parseDuration('')).toBe(undefined);
    expect(parseDuration('6 minutes')).toBe(undefined);
    expect(parseDuration('10')).toBe(undefined);
  });
});
