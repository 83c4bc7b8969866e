import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from './__tests__/test-server';
import { SwitchyardError } from '@switchyard/core';
import { createSecretRedactor } from './gateway/secret-redactor';
import { createLogger, withSecretRedaction } from './logger';

describe('createLogger', () => {
  it('should write readable, still redacted lines in the pretty format', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger({
      level: 'info',
      destination,
      format: 'pretty',
    });
    logger.warn({ apiKey: 'sk-secret-1', route: 'image' }, 'call failed');
    const text = lines.join('');
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: call failed\n/);
    expect(text).toContain('route: "image"');
    expect(text).not.toContain('sk-secret-1');
    expect(text).not.toContain('{"level"');
  });

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
