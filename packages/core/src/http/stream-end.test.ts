import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors/codes';
import {
  incompleteStreamError,
  midStreamError,
  type MidStreamErrorOptions,
} from './stream-end';

describe('midStreamError', () => {
  it.each<[string, Omit<MidStreamErrorOptions, 'provider'>, ErrorCode]>([
    [
      'a code from the provider table',
      { code: 'overloaded', type: 'x' },
      'overloaded',
    ],
    [
      'a Google status number',
      { status: 503, type: 'UNAVAILABLE' },
      'overloaded',
    ],
    ['a status number in a string', { status: '429' }, 'rate_limited'],
    ['OpenAI server_error', { type: 'server_error' }, 'server_error'],
    ['a rate limit type', { type: 'rate_limit_exceeded' }, 'rate_limited'],
    [
      'Google RESOURCE_EXHAUSTED',
      { type: 'RESOURCE_EXHAUSTED' },
      'rate_limited',
    ],
    ['an insufficient quota', { type: 'insufficient_quota' }, 'quota_exceeded'],
    ['a content filter', { type: 'content_filter' }, 'content_policy'],
    [
      'an invalid request',
      { type: 'invalid_request_error' },
      'invalid_request',
    ],
    [
      'a status that is not an error',
      { status: 200, type: 'overloaded' },
      'overloaded',
    ],
    ['nothing known', { type: 'something_new' }, 'server_error'],
    ['nothing at all', {}, 'server_error'],
  ])('should map %s', (_name, options, code) => {
    const error = midStreamError({ provider: 'acme', ...options });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^acme failed mid-stream: /);
  });
});

describe('incompleteStreamError', () => {
  it('should be invalid_response naming the marker that never came', () => {
    expect(
      incompleteStreamError({ provider: 'acme', marker: 'message_stop' }),
    ).toMatchObject({
      code: 'invalid_response',
      provider: 'acme',
      message: expect.stringContaining('without message_stop'),
    });
  });
});
