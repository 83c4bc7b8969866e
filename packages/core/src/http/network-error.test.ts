import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error';
import { toNetworkError } from './network-error';

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('toNetworkError', () => {
  it.each([
    [
      'a refused connection',
      systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
    ],
    ['a reset connection', systemError('ECONNRESET', 'read ECONNRESET')],
    ['a socket hang up', systemError('ECONNRESET', 'socket hang up')],
    [
      'a DNS failure',
      systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid'),
    ],
    [
      'a DNS timeout',
      systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.example.invalid'),
    ],
    [
      "undici's other side closed",
      new undiciErrors.SocketError('other side closed'),
    ],
    [
      'a fetch failure with a cause',
      new TypeError('fetch failed', {
        cause: systemError('ECONNRESET', 'read ECONNRESET'),
      }),
    ],
    ['a bare "terminated" from fetch', new TypeError('terminated')],
    [
      "Node's happy-eyeballs AggregateError",
      new AggregateError([
        systemError('ECONNREFUSED', 'connect ECONNREFUSED ::1:1'),
        systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      ]),
    ],
  ])('should map %s to a retryable network error', (_name, error) => {
    const mapped = toNetworkError(error, 'acme');
    expect(mapped.code).toBe('network');
    expect(mapped.isRetryable).toBe(true);
    expect(mapped.provider).toBe('acme');
    expect(mapped.message).toContain('acme');
    expect(mapped.cause).toBe(error);
  });

  it.each([
    ['a connect timeout', new undiciErrors.ConnectTimeoutError()],
    ['a headers timeout', new undiciErrors.HeadersTimeoutError()],
    ['a body timeout', new undiciErrors.BodyTimeoutError()],
    ['a TCP timeout', systemError('ETIMEDOUT', 'connect ETIMEDOUT')],
  ])('should map %s to timeout', (_name, error) => {
    expect(toNetworkError(error, 'acme').code).toBe('timeout');
  });

  it('should map an AbortError to cancelled', () => {
    const error = new DOMException('This operation was aborted', 'AbortError');
    expect(toNetworkError(error, 'acme').code).toBe('cancelled');
  });

  it('should keep a SwitchyardError as it is', () => {
    const error = new SwitchyardError({ code: 'auth', message: 'no key' });
    expect(toNetworkError(error, 'acme')).toBe(error);
  });

  it('should return a SwitchyardError found among the causes: it is the reason, not the wrapper', () => {
    const refused = new SwitchyardError({
      code: 'invalid_request',
      message: 'Webhook refused: loopback',
    });
    const wrapped = new TypeError('fetch failed', { cause: refused });
    expect(toNetworkError(wrapped, 'acme')).toBe(refused);
  });

  it('should map anything else to unknown, not network', () => {
    const mapped = toNetworkError(new RangeError('bad value'), 'acme');
    expect(mapped.code).toBe('unknown');
    expect(mapped.isRetryable).toBe(false);
  });
});
