import { describe, expect, it } from 'vitest';
import { closest } from './closest';

describe('closest', () => {
  const commands = ['start', 'init', 'config', 'keys', 'explain'];

  it('should suggest the command a typo was meant to be', () => {
    expect(closest('key', commands)).toBe('keys');
    expect(closest('strat', commands)).toBe('start');
    expect(closest('explian', commands)).toBe('explain');
    expect(closest('confg', commands)).toBe('config');
    expect(closest('KEYS', commands)).toBe('keys');
  });

  it('should suggest nothing for a word that is not near any command', () => {
    expect(closest('deploy', commands)).toBeUndefined();
    expect(closest('x', ['ab'])).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });
});
