import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createCapturingLogger } from '../__tests__/test-server';
import {
  createLocalJobChangeFeed,
  createRedisJobChangeFeed,
  type JobChangeFeed,
} from './job-change-feed';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `test_feed_${process.pid}_${Date.now()}:`;
const { logger } = createCapturingLogger('silent');
const clients: Redis[] = [];
const feeds: JobChangeFeed[] = [];

afterAll(() => {
  for (const feed of feeds) feed.close();
  for (const redis of clients) redis.disconnect();
});

async function redisFeed(prefix = keyPrefix): Promise<JobChangeFeed> {
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix });
  clients.push(redis);
  const feed = await createRedisJobChangeFeed({
    redis,
    keyPrefix: prefix,
    logger,
  });
  feeds.push(feed);
  return feed;
}

/** Longer than any test runs: a wait that ends was ended by a notice or an abort. */
const NEVER_MS = 3_600_000;

/** Waits on `jobId`; `woke` turns true when the wait ends (by default, only a notice ends it). */
function watchFor(
  feed: JobChangeFeed,
  jobId: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
) {
  const watch = { woke: false };
  void feed.next(jobId, { timeoutMs: NEVER_MS, ...options }).then(() => {
    watch.woke = true;
  });
  return watch;
}

describe('job change feeds', () => {
  it('should wake a waiter in this process on a notice for its job only', async () => {
    const feed = createLocalJobChangeFeed();
    feeds.push(feed);
    const other = watchFor(feed, 'job_other');
    const woken = feed.next('job_1', { timeoutMs: NEVER_MS });
    feed.notify('job_1');
    await woken;
    expect(other.woke).toBe(false);
  });

  it('should wake a waiter on another replica through Redis, and not one on another prefix', async () => {
    const running = await redisFeed();
    const watching = await redisFeed();
    const otherPrefix = `${keyPrefix}other:`;
    const elsewhere = await redisFeed(otherPrefix);
    const elsewhereWatch = watchFor(elsewhere, 'job_2');
    const woken = watching.next('job_2', { timeoutMs: NEVER_MS });
    running.notify('job_2');
    await woken;
    // Redis delivers in publish order: once a later notice on the other
    // prefix has arrived there, a leaked earlier one would have too.
    const marker = elsewhere.next('job_marker', { timeoutMs: NEVER_MS });
    (await redisFeed(otherPrefix)).notify('job_marker');
    await marker;
    expect(elsewhereWatch.woke).toBe(false);
  });

  it('should stop waiting when the subscriber goes away, and after the timeout', async () => {
    // Only the fake clock moves time: a wait ends by the abort or the timeout, or not at all.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const feed = createLocalJobChangeFeed();
      feeds.push(feed);
      const controller = new AbortController();
      const aborted = watchFor(feed, 'job_3', { signal: controller.signal });
      const timed = watchFor(feed, 'job_4', { timeoutMs: 10 });
      await vi.advanceTimersByTimeAsync(9);
      expect(aborted.woke).toBe(false);
      expect(timed.woke).toBe(false);
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(aborted.woke).toBe(true);
      expect(timed.woke).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(timed.woke).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
