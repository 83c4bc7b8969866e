import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { StateChange } from './health-judge';
import {
  CHANGES_KEPT,
  PROBES_KEPT,
  type HealthStore,
  type ProbeRecord,
  type StateChangeRequest,
  type StoredState,
} from './health-store';

const STATES_KEY = 'switchyard:monitor:states';
const probesKey = (instance: string) => `switchyard:monitor:probes:${instance}`;
const changesKey = (key: string) => `switchyard:monitor:changes:${key}`;
const lockKey = (instance: string, slot: number) =>
  `switchyard:monitor:probe-lock:${instance}:${slot}`;

/**
 * Health shared by every replica on one Redis: probe results in a capped list
 * per instance, states in a hash (read once at start, then mirrored through
 * pub/sub), state changes in a capped list per key. The probe of an interval
 * is claimed with `SET NX PX`; a state change is a Lua compare-and-set, so
 * exactly one replica makes each change.
 */
export async function createRedisHealthStore(options: {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}): Promise<HealthStore> {
  const { redis, logger } = options;
  // The client's keyPrefix covers keys, not channel names.
  const channel = `${options.keyPrefix}switchyard:monitor:states`;
  const mirror = new Map<string, StoredState>();
  const adopt = (key: string, stored: StoredState) => {
    const known = mirror.get(key);
    if (known === undefined || stored.since >= known.since) {
      mirror.set(key, stored);
    }
  };
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => {
    const parsed = parseMessage(message);
    if (parsed !== undefined) adopt(parsed.key, parsed.stored);
  });
  await subscriber.subscribe(channel);
  for (const [key, value] of Object.entries(await redis.hgetall(STATES_KEY))) {
    const stored = parseStored(value);
    if (stored !== undefined) adopt(key, stored);
  }
  return {
    async claimProbe({ instance, slot, ttlMs }) {
      const claimed = await redis.set(
        lockKey(instance, slot),
        '1',
        'PX',
        ttlMs,
        'NX',
      );
      return claimed === 'OK';
    },
    async saveProbe(instance, probe) {
      await redis
        .multi()
        .lpush(probesKey(instance), JSON.stringify(probe))
        .ltrim(probesKey(instance), 0, PROBES_KEPT - 1)
        .exec();
    },
    async probes(instances) {
      const lists = await readLists(redis, instances.map(probesKey));
      return new Map(
        instances.map((name, index) => [
          name,
          parseList<ProbeRecord>(lists[index]),
        ]),
      );
    },
    async changeState(request) {
      const { applied, stored } = await changeIfUnchanged({
        redis,
        channel,
        request,
      });
      if (applied) adopt(request.key, request.to);
      else if (stored !== undefined) adopt(request.key, stored);
      else mirror.delete(request.key);
      return applied;
    },
    async history(keys) {
      const lists = await readLists(redis, keys.map(changesKey));
      return new Map(
        keys.map((key, index) => [key, parseList<StateChange>(lists[index])]),
      );
    },
    stateOf: (key) => mirror.get(key),
    close: () => {
      subscriber.disconnect();
      logger.debug('stopped sharing health states through Redis');
    },
  };
}

/** Runs {@link CHANGE_IF_UNCHANGED}: the change made, or the state stored instead. */
async function changeIfUnchanged(options: {
  redis: Redis;
  channel: string;
  request: StateChangeRequest;
}): Promise<{ applied: boolean; stored?: StoredState }> {
  const { key, from, to } = options.request;
  const [applied, current] = (await options.redis.eval(
    CHANGE_IF_UNCHANGED,
    2,
    STATES_KEY,
    changesKey(key),
    key,
    from ?? '',
    JSON.stringify(to),
    JSON.stringify({ to: to.state, at: to.since }),
    options.channel,
    JSON.stringify({ key, stored: to }),
    CHANGES_KEPT,
  )) as [number, string | null];
  if (applied === 1) return { applied: true };
  return {
    applied: false,
    stored: current === null ? undefined : parseStored(current),
  };
}

/**
 * Sets a state unless another replica changed it first, then records the
 * change and publishes it. KEYS: states hash, the key's changes list. ARGV:
 * key, expected state ('' for none), new record, change entry, channel,
 * message, changes kept. Returns {1} when changed, else {0, stored record}.
 */
const CHANGE_IF_UNCHANGED = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local current = ''
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and decoded.state then current = decoded.state end
end
if current ~= ARGV[2] then
  return {0, stored or false}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('LPUSH', KEYS[2], ARGV[4])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[7]) - 1)
redis.call('PUBLISH', ARGV[5], ARGV[6])
return {1, false}
`;

/** Reads capped lists (newest first in Redis) in one round trip. */
async function readLists(
  redis: Redis,
  keys: readonly string[],
): Promise<Array<string[] | undefined>> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.lrange(key, 0, -1);
  const replies = (await pipeline.exec()) ?? [];
  return keys.map((_key, index) => {
    const [error, list] = replies[index] ?? [];
    return error || !Array.isArray(list) ? undefined : (list as string[]);
  });
}

/** A list read from Redis, oldest first, entries that do not parse dropped. */
function parseList<TEntry>(list: string[] | undefined): TEntry[] {
  return (list ?? [])
    .flatMap((entry): TEntry[] => {
      try {
        return [JSON.parse(entry) as TEntry];
      } catch {
        return [];
      }
    })
    .reverse();
}

function parseStored(value: string): StoredState | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<StoredState>;
    if (typeof parsed.state !== 'string' || typeof parsed.since !== 'number') {
      return undefined;
    }
    return parsed as StoredState;
  } catch {
    return undefined;
  }
}

function parseMessage(
  message: string,
): { key: string; stored: StoredState } | undefined {
  try {
    const parsed = JSON.parse(message) as { key?: unknown; stored?: unknown };
    if (typeof parsed.key !== 'string') return undefined;
    const stored = parseStored(JSON.stringify(parsed.stored));
    return stored === undefined ? undefined : { key: parsed.key, stored };
  } catch {
    return undefined;
  }
}
