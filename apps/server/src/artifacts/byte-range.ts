import type { ByteRange } from './artifact-backend';

/** What a `Range` header asks of a body of known size. */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'part'; range: ByteRange }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header for a body of `size` bytes: one range
 * (`bytes=0-99`, `bytes=100-`, `bytes=-500`) is served as a part; no header,
 * another unit, several ranges or a malformed one are answered whole (as
 * RFC 9110 allows); a range wholly past the end is unsatisfiable (416).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): RangeRequest {
  const match = SINGLE_RANGE.exec(header?.replace(/\s+/g, '') ?? '');
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return {
      kind: 'part',
      range: { start: Math.max(0, size - suffix), end: size - 1 },
    };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'part', range: { start, end } };
}
