// The exactness check, run on a setup's store once its gateways have shut
// down gracefully (so the grouped generation records are flushed): for every
// bench key, credits granted − balance = the key's `capture` ledger entries =
// the `cost` (what was charged) of its recorded generations, and nothing is
// left reserved; and the number of captures and succeeded generations is the
// number of calls the bench saw answered.
import { KEY_COUNT } from './setups.mjs';
import { openReader } from './databases.mjs';

/** Most problems listed (the rest are counted). */
const SHOWN = 5;

/** Rows grouped by `key_id`, then by `by` (kind or status): `{ n, total }` as BigInt. */
function grouped(rows, by) {
  const map = new Map();
  for (const row of rows) {
    const groups = map.get(row.key_id) ?? {};
    groups[row[by]] = { n: BigInt(row.n), total: BigInt(row.total ?? 0) };
    map.set(row.key_id, groups);
  }
  return map;
}

async function readStore(database) {
  const reader = await openReader(database);
  const table = (name) =>
    database.schema === undefined
      ? `switchyard_${name}`
      : `"${database.schema}".switchyard_${name}`;
  try {
    const keys = await reader.query(
      `select id, balance, reserved from ${table('api_keys')}`,
    );
    const entries = await reader.query(
      `select key_id, kind, count(*) as n, sum(amount) as total from ${table('ledger_entries')} group by key_id, kind`,
    );
    const generations = await reader.query(
      `select key_id, status, count(*) as n, sum(cost) as total from ${table('generations')} group by key_id, status`,
    );
    const [holds] = await reader.query(
      `select count(*) as n from ${table('reservations')} where status = 'reserved'`,
    );
    return {
      keys,
      entries: grouped(entries, 'kind'),
      generations: grouped(generations, 'status'),
      openHolds: BigInt(holds.n),
    };
  } finally {
    await reader.close();
  }
}

/** One key's figures and what does not add up. */
function checkKey(key, store) {
  const entries = store.entries.get(key.id) ?? {};
  const generations = Object.values(store.generations.get(key.id) ?? {});
  const granted = entries.grant?.total ?? 0n;
  const captured = entries.capture?.total ?? 0n;
  const charged = generations.reduce((sum, group) => sum + group.total, 0n);
  const spent = granted - BigInt(key.balance);
  const problems = [];
  if (spent !== captured || captured !== charged) {
    problems.push(
      `${key.id}: granted − balance ${spent}, captures ${captured}, generations' cost ${charged}`,
    );
  }
  if (BigInt(key.reserved) !== 0n) {
    problems.push(`${key.id}: ${key.reserved} still reserved`);
  }
  return problems;
}

/** Sums `n` of one kind or status over every key. */
function countOf(map, name) {
  let n = 0n;
  for (const groups of map.values()) n += groups[name]?.n ?? 0n;
  return Number(n);
}

/**
 * Checks the setup's store; `tally` is `{ ok, failed }`, the calls the bench
 * saw answered and failed (a failed call may or may not have been charged).
 * Resolves `{ pass, keys, answered, captures, succeeded, inFlight, problems }`.
 */
export async function checkLedger({ database, tally }) {
  const store = await readStore(database);
  const problems = store.keys.flatMap((key) => checkKey(key, store));
  const captures = countOf(store.entries, 'capture');
  const succeeded = countOf(store.generations, 'succeeded');
  const inFlight = countOf(store.generations, 'in_flight');
  const atMost = tally.ok + tally.failed;
  if (store.keys.length !== KEY_COUNT) {
    problems.push(`${store.keys.length} keys in the store, not ${KEY_COUNT}`);
  }
  for (const [what, n] of [
    ['captures', captures],
    ['succeeded generations', succeeded],
  ]) {
    if (n < tally.ok || n > atMost) {
      problems.push(`${n} ${what} for ${tally.ok} calls answered`);
    }
  }
  if (inFlight > 0) problems.push(`${inFlight} generations still in flight`);
  if (store.openHolds > 0n) {
    problems.push(`${store.openHolds} reservations still held`);
  }
  const more = problems.length - SHOWN;
  return {
    pass: problems.length === 0,
    keys: store.keys.length,
    answered: tally.ok,
    failedCalls: tally.failed,
    captures,
    succeeded,
    inFlight,
    problems: [
      ...problems.slice(0, SHOWN),
      ...(more > 0 ? [`… and ${more} more`] : []),
    ],
  };
}
