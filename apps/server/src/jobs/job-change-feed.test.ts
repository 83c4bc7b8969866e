import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
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

/** Watches for a notice on `jobId`; `woke` turns true when one arrives. */
function watchFor(feed: JobChangeFeed, jobId: string) {
  const watch = { woke: false };
  void feed.next(jobId, { timeoutMs: NEVER_MS }).then(() => {
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
    const feed = createLocalJobChangeFeed();
    feeds.push(feed);
    const controller = new AbortController();
    const waiting = feed.next('job_3', {
      timeoutMs: NEVER_MS,
      signal: controller.signal,
    });
    controller.abort();
    await waiting;
    await feed.next('job_3', { timeoutMs: 10 });
  });
});
