import { describe, expect, it } from 'vitest';
import { VERSION } from '../version';
import {
  buildRequestHeaders,
  headerSecretRedactor,
  redactSecrets,
  secretValues,
  switchyardUserAgent,
} from './request-headers';

describe('switchyardUserAgent', () => {
  it('should name the package and version', () => {
    expect(switchyardUserAgent('providers-openai', '1.2.3')).toBe(
      'switchyard/providers-openai/1.2.3',
    );
  });

  it('should keep characters a header cannot carry out of the token', () => {
    expect(switchyardUserAgent('my provider/eu\n', '1.0')).toBe(
      'switchyard/my-provider-eu-/1.0',
    );
  });
});

describe('buildRequestHeaders', () => {
  it('should add the default User-Agent, accept and content-type', () => {
    expect(
      buildRequestHeaders({
        provider: 'openai',
        accept: 'application/json',
        contentType: 'application/json',
      }),
    ).toEqual({
      'user-agent': `switchyard/openai/${VERSION}`,
      accept: 'application/json',
      'content-type': 'application/json',
    });
  });

  it("should lower-case the caller's headers, let them win and drop undefined ones", () => {
    expect(
      buildRequestHeaders({
        provider: 'openai',
        userAgent: 'switchyard/providers-openai/9.9.9',
        accept: 'application/json',
        headers: {
          Authorization: 'Bearer sk-test',
          Accept: 'text/plain',
          'OpenAI-Organization': undefined,
        },
      }),
    ).toEqual({
      'user-agent': 'switchyard/providers-openai/9.9.9',
      accept: 'text/plain',
      authorization: 'Bearer sk-test',
    });
  });
});

describe('secretValues', () => {
  it('should collect credential header values, whole and per word', () => {
    expect(
      secretValues({
        authorization: 'Bearer sk-live-1234567890',
        'x-api-key': 'anthropic-key-abcdef',
        'content-type': 'application/json-with-long-value',
      }).sort(),
    ).toEqual(
      [
        'Bearer sk-live-1234567890',
        'sk-live-1234567890',
        'anthropic-key-abcdef',
      ].sort(),
    );
  });
});

describe('redactSecrets', () => {
  it('should replace every occurrence of every secret', () => {
    expect(
      redactSecrets('key sk-live-1234567890 and again sk-live-1234567890', [
        'sk-live-1234567890',
      ]),
    ).toBe('key [redacted] and again [redacted]');
  });
});

describe('headerSecretRedactor', () => {
  it("should take the call's credential header values out of a text, and nothing else", () => {
    const redact = headerSecretRedactor({
      authorization: 'Bearer sk-live-1234567890',
      'x-goog-api-key': 'AIza-test-key-0123456789',
      'x-request-id': 'request-0123456789',
      'x-api-key': undefined,
    });
    expect(
      redact(
        'failed for sk-live-1234567890 (key AIza-test-key-0123456789, request-0123456789)',
      ),
    ).toBe('failed for [redacted] (key [redacted], request-0123456789)');
  });
});
