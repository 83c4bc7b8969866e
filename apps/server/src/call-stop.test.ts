import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createCallsStop, watchStop, withCallSignal } from './call-stop';
import type { Context } from './context';

/** Only what withCallSignal reads of a request's context. */
const contextWith = (stop: AbortSignal) =>
  ({ callsStopped: stop }) as unknown as Context;

describe('withCallSignal', () => {
  it('should stop every call in flight with the server’s reason, through one listener on its stop signal', async () => {
    const stop = createCallsStop();
    const ctx = contextWith(stop.signal);
    const started: AbortSignal[] = [];
    const calls = Array.from({ length: 50 }, () =>
      withCallSignal(ctx, new AbortController().signal, (signal) => {
        if (signal === undefined) throw new Error('no signal');
        started.push(signal);
        return new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve(signal.reason)),
        );
      }),
    );
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    const reason = new Error('shutting down');
    stop.abort(reason);
    expect(await Promise.all(calls)).toEqual(calls.map(() => reason));
    expect(started.every((signal) => signal.aborted)).toBe(true);
  });

  it('should stop a call whose caller went away with the caller’s reason, and leave the others running', async () => {
    const stop = createCallsStop();
    const ctx = contextWith(stop.signal);
    const caller = new AbortController();
    const other = new AbortController();
    let otherSignal: AbortSignal | undefined;
    const gone = withCallSignal(
      ctx,
      caller.signal,
      (signal) =>
        new Promise((resolve) =>
          signal?.addEventListener('abort', () => resolve(signal.reason)),
        ),
    );
    const running = withCallSignal(ctx, other.signal, (signal) => {
      otherSignal = signal;
      return Promise.resolve('done');
    });
    caller.abort('caller left');
    expect(await gone).toBe('caller left');
    expect(await running).toBe('done');
    expect(otherSignal?.aborted).toBe(false);
  });
});

describe('watchStop', () => {
  it('should run a watcher once when the stop comes, never one that was unwatched, and at once when it already came', () => {
    const stop = new AbortController();
    const runs: string[] = [];
    watchStop(stop.signal, () => runs.push('kept'));
    const unwatch = watchStop(stop.signal, () => runs.push('unwatched'));
    unwatch();
    stop.abort();
    stop.abort();
    expect(runs).toEqual(['kept']);
    watchStop(stop.signal, () => runs.push('late'));
    expect(runs).toEqual(['kept', 'late']);
  });
});
