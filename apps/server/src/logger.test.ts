import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from './__tests__/test-server';
import { SwitchyardError } from '@switchyard/core';
import { createSecretRedactor } from './gateway/secret-redactor';
import { createLogger, withSecretRedaction } from './logger';

describe('createLogger', () => {
  it('should redact credentials and authorization headers', () => {
    const { logger, lines } = createCapturingLogger('info');
    logger.info(
      {
        apiKey: 'sk-1',
        settings: { api_key: 'sk-2', nested: { token: 'sk-3' } },
        req: { headers: { authorization: 'Bearer sk-4', accept: '*/*' } },
      },
      'hello',
    );
    const line = lines.join('');
    for (const secret of ['sk-1', 'sk-2', 'sk-3', 'sk-4']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('*/*');
  });

  it('should scrub configured credentials from every value and error of a line', () => {
    const secret = 'sk-proj-Zq8rT2vW9xY4bN6mK3jH';
    const { logger, lines } = createCapturingLogger('info');
    const log = withSecretRedaction(logger, createSecretRedactor([secret]));
    const error = new SwitchyardError({
      code: 'auth',
      message: `bad key ${secret}`,
      responseBody: `{"key":"${secret.replace('/', '\\/')}"}`,
      cause: new Error(`inner ${encodeURIComponent(secret)}`),
    });
    log.warn(
      { err: error, detail: { text: `Bearer ${secret}` }, list: [secret] },
      'call failed',
    );
    const line = lines.join('');
    expect(line).toContain('[redacted]');
    expect(line).toContain('call failed');
    expect(line).not.toContain(secret.slice(0, 12));
    expect(line).not.toContain(secret.slice(-12));
  });

  it('should refuse an unknown level', () => {
    expect(() => createLogger({ level: 'loud' })).toThrow(/not a log level/);
  });
});
