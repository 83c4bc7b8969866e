import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=10-', { start: 10, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    [' bytes = 5 - 6 ', { start: 5, end: 6 }],
  ])('should serve %s as a part', (header, range) => {
    expect(parseRange(header, 1_000)).toEqual({ kind: 'part', range });
  });

  it.each([
    undefined,
    'items=0-1',
    'bytes=0-1,5-6',
    'bytes=9-1',
    'bytes=-',
    'bytes=a-b',
  ])('should serve %s whole', (header) => {
    expect(parseRange(header, 1_000)).toEqual({ kind: 'whole' });
  });

  it.each(['bytes=1000-', 'bytes=1000-2000', 'bytes=-0'])(
    'should find %s unsatisfiable',
    (header) => {
      expect(parseRange(header, 1_000)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  it('should find any range of an empty body unsatisfiable', () => {
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
