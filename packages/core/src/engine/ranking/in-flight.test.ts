import { describe, expect, it } from 'vitest';
import { InFlightCounter } from './in-flight';

describe('InFlightCounter', () => {
  describe('start', () => {
    it('should count each call until its end, and each end once', () => {
      const counter = new InFlightCounter();
      const first = counter.start('a:m');
      const second = counter.start('a:m');
      expect(counter.count('a:m')).toBe(2);
      first();
      first();
      expect(counter.count('a:m')).toBe(1);
      second();
      expect(counter.count('a:m')).toBe(0);
      expect(counter.count('b:m')).toBe(0);
    });
  });
});
