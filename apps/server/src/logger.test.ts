import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from './__tests__/test-server';
import { createLogger } from './logger';

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

  it('should refuse an unknown level', () => {
    expect(() => createLogger({ level: 'loud' })).toThrow(/not a log level/);
  });
});
