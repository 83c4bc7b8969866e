import { describe, expect, it } from 'vitest';
import { randomId, sortableId } from './ids';

/** Byte order, as SQLite and PostgreSQL's C collation compare text. */
const byBytes = (a: string, b: string) =>
  Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('sortableId', () => {
  it('sorts as text in the order of its times, across every digit boundary', () => {
    const times = [
      0,
      1,
      9,
      10,
      35,
      36,
      37,
      62,
      63,
      64,
      65,
      4095,
      4096,
      262_143,
      262_144,
      1_796_313_849_251,
      1_796_313_849_252,
      2 ** 48 - 1,
    ];
    const ids = times.map((time) => sortableId('gen_', time));
    const shuffled = [...ids].reverse().sort(byBytes);
    expect(shuffled).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^gen_[\w-]{24}$/);
  });

  it('differs in 96 random bits within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => sortableId('res_', 5));
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1);
  });

  it('uses the clock by default', () => {
    const before = sortableId('', Date.now());
    const id = sortableId('');
    const after = sortableId('', Date.now() + 1);
    expect(byBytes(before.slice(0, 8), id.slice(0, 8))).toBeLessThanOrEqual(0);
    expect(byBytes(id.slice(0, 8), after.slice(0, 8))).toBeLessThan(0);
  });
});

describe('randomId', () => {
  it('is the prefix and the bytes as base64url, new each time', () => {
    const ids = Array.from({ length: 500 }, () => randomId('msg_', 12));
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^msg_[\w-]{16}$/);
  });
});
