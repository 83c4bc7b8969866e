import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system at once; ids are cut from them. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomText(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const text = pool.toString('base64url', offset, offset + bytes);
  offset += bytes;
  return text;
}

/**
 * A random id: `prefix` then `bytes` random bytes as base64url, the same
 * ids as `randomBytes(bytes)` gives, drawn from a pool refilled 4 KiB at a
 * time (one system call per ~300 ids instead of one each).
 *
 * @example
 * randomId('chatcmpl-', 12); // 'chatcmpl-3q2-7wEAAAAAAAAA'
 */
export function randomId(prefix: string, bytes: number): string {
  return prefix + randomText(bytes);
}

/**
 * The 64 characters of base64url in ASCII order, so that numbers written
 * with them at a fixed width sort as text (byte by byte, as SQLite and
 * PostgreSQL's `C` collation compare) the way they sort as numbers.
 */
const ORDERED_DIGITS =
  '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** 8 digits of 6 bits: 48 bits of milliseconds, good until the year 10889. */
const TIME_DIGITS = 8;
/** Random bytes after the time: 96 bits, as unguessable as before. */
const RANDOM_BYTES = 12;

/**
 * An id for a stored row that sorts by creation time: `prefix`, the time
 * in milliseconds (8 characters, see {@link ORDERED_DIGITS}), then 12 random
 * bytes as base64url. Rows inserted one after another land on the last page
 * of their primary key's index instead of a random one: in SQLite's WAL
 * that is one page written per group of rows, not one page per row.
 *
 * @example
 * sortableId('gen_', 1_796_313_849_251); // 'gen_-P7wdWqY' + 16 random characters
 */
export function sortableId(prefix: string, now = Date.now()): string {
  let time = '';
  let rest = Math.max(0, Math.floor(now));
  for (let digit = 0; digit < TIME_DIGITS; digit += 1) {
    time = ORDERED_DIGITS[rest % 64] + time;
    rest = Math.floor(rest / 64);
  }
  return prefix + time + randomText(RANDOM_BYTES);
}
