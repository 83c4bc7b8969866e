import { describe, expect, it } from 'vitest';
import {
  decisionFor,
  ERROR_CODES,
  errorCodeFromStatus,
  errorCodes,
  type ErrorCode,
} from './codes';

describe('errorCodeFromStatus', () => {
  it.each<[number, ErrorCode]>([
    [400, 'invalid_request'],
    [401, 'auth'],
    [402, 'quota_exceeded'],
    [403, 'auth'],
    [404, 'not_found'],
    [408, 'timeout'],
    [413, 'invalid_request'],
    [422, 'invalid_request'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [501, 'unsupported'],
    [502, 'server_error'],
    [503, 'overloaded'],
    [504, 'timeout'],
    [529, 'overloaded'],
  ])('should map HTTP %i to %s', (status, code) => {
    expect(errorCodeFromStatus(status)).toBe(code);
  });

  it('should map unlisted statuses by class', () => {
    expect(errorCodeFromStatus(418)).toBe('invalid_request');
    expect(errorCodeFromStatus(599)).toBe('server_error');
    expect(errorCodeFromStatus(302)).toBe('unknown');
  });
});

describe('ERROR_CODES', () => {
  it('should retry rate limits, overload and server errors but not caller mistakes', () => {
    for (const code of [
      'rate_limited',
      'overloaded',
      'server_error',
      'invalid_response',
      'network',
      'timeout',
      'model_loading',
    ] as const) {
      expect(ERROR_CODES[code].retryable, code).toBe(true);
    }
    for (const code of [
      'invalid_request',
      'auth',
      'quota_exceeded',
      'content_policy',
      'cancelled',
    ] as const) {
      expect(ERROR_CODES[code].retryable, code).toBe(false);
    }
  });

  it('should never fall back on an invalid request or a cancel', () => {
    expect(ERROR_CODES.invalid_request.fallback).toBe(false);
    expect(ERROR_CODES.cancelled.fallback).toBe(false);
    expect(ERROR_CODES.quota_exceeded.fallback).toBe(true);
    expect(ERROR_CODES.auth.fallback).toBe(true);
  });

  it('should treat an invalid response like a server error: retried, falls back, trips the breaker, 502', () => {
    expect(ERROR_CODES.invalid_response).toEqual(ERROR_CODES.server_error);
    expect(ERROR_CODES.invalid_response.httpStatus).toBe(502);
  });

  it('should answer every code with an HTTP error status', () => {
    for (const code of errorCodes) {
      expect(ERROR_CODES[code].httpStatus, code).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODES[code].httpStatus, code).toBeLessThan(600);
    }
  });
});

describe('decisionFor', () => {
  it('should return the table decision without overrides', () => {
    expect(decisionFor('rate_limited')).toEqual({
      retryable: true,
      fallback: true,
    });
  });

  it('should apply a route override field by field', () => {
    expect(
      decisionFor('server_error', { server_error: { retryable: false } }),
    ).toEqual({ retryable: false, fallback: true });
    expect(
      decisionFor('timeout', { server_error: { fallback: false } }),
    ).toEqual({ retryable: true, fallback: true });
  });
});
