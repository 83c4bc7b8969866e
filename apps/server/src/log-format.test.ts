import { describe, expect, it } from 'vitest';
import { resolveLogFormat } from './log-format';

describe('resolveLogFormat', () => {
  it('should write JSON unless stdout is a terminal', () => {
    expect(resolveLogFormat({ variable: undefined, isTerminal: false })).toBe(
      'json',
    );
    expect(resolveLogFormat({ variable: '', isTerminal: true })).toBe('pretty');
  });

  it('should follow LOG_FORMAT either way', () => {
    expect(resolveLogFormat({ variable: 'json', isTerminal: true })).toBe(
      'json',
    );
    expect(resolveLogFormat({ variable: 'Pretty', isTerminal: false })).toBe(
      'pretty',
    );
  });

  it('should refuse any other LOG_FORMAT, naming the choices', () => {
    expect(() =>
      resolveLogFormat({ variable: 'yaml', isTerminal: false }),
    ).toThrow('LOG_FORMAT "yaml" is not a log format; use json or pretty.');
  });
});
