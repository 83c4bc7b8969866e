import { describe, expect, it } from 'vitest';
import {
  SingleFlight,
  createMemoryResultCache,
  resultCacheKey,
} from './result-cache';

const targets = [{ instance: 'openai', model: 'gpt-4o-mini' }];

describe('resultCacheKey', () => {
  it('should give the same key whatever the order of the request fields', () => {
    expect(
      resultCacheKey({
        route: 'text',
        targets,
        request: { prompt: 'hi', maxOutputTokens: 5, temperature: 0 },
      }),
    ).toBe(
      resultCacheKey({
        route: 'text',
        targets,
        request: { temperature: 0, prompt: 'hi', maxOutputTokens: 5 },
      }),
    );
  });

  it('should give another key for another prompt, route or target list', () => {
    const base = { route: 'text', targets, request: { prompt: 'hi' } };
    const keys = new Set([
      resultCacheKey(base),
      resultCacheKey({ ...base, request: { prompt: 'hi!' } }),
      resultCacheKey({ ...base, route: 'cheap-text' }),
      resultCacheKey({
        ...base,
        targets: [...targets, { instance: 'local', model: 'echo' }],
      }),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe('createMemoryResultCache', () => {
  it('should return a stored value until its TTL runs out', async () => {
    let now = 1_000_000;
    const cache = createMemoryResultCache<{ text: string }>({
      now: () => now,
    });
    await cache.set('k', { text: 'stored' }, 40);
    expect(await cache.get('k')).toEqual({ text: 'stored' });
    now += 40;
    expect(await cache.get('k')).toEqual({ text: 'stored' });
    now += 1;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('should drop the least recently used entry past maxEntries', async () => {
    const cache = createMemoryResultCache<{ n: number }>({ maxEntries: 2 });
    await cache.set('a', { n: 1 }, 60_000);
    await cache.set('b', { n: 2 }, 60_000);
    await cache.get('a');
    await cache.set('c', { n: 3 }, 60_000);
    expect(await cache.get('a')).toEqual({ n: 1 });
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('c')).toEqual({ n: 3 });
  });
});

describe('SingleFlight', () => {
  it('should run one call for concurrent callers of a key and share its value', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    let finish: (value: number) => void = () => undefined;
    const call = () => {
      calls += 1;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const first = flight.run('k', call);
    const second = flight.run('k', call);
    const other = flight.run('other', () => Promise.resolve(7));
    finish(42);
    expect(await first).toEqual({ value: 42, shared: false });
    expect(await second).toEqual({ value: 42, shared: true });
    expect(await other).toEqual({ value: 7, shared: false });
    expect(calls).toBe(1);
    // The key is free again once its call settled.
    expect(await flight.run('k', () => Promise.resolve(1))).toEqual({
      value: 1,
      shared: false,
    });
  });

  it('should give the joined callers the error of a failed call', async () => {
    const flight = new SingleFlight<number>();
    let fail: (error: Error) => void = () => undefined;
    const first = flight.run(
      'k',
      () =>
        new Promise<number>((_resolve, reject) => {
          fail = reject;
        }),
    );
    const second = flight.run('k', () => Promise.resolve(1));
    fail(new Error('upstream down'));
    await expect(first).rejects.toThrow('upstream down');
    await expect(second).rejects.toThrow('upstream down');
  });
});
