import { setMaxListeners } from 'node:events';
import { SwitchyardError } from '@switchyard/core';
import type { Context } from './context';

/**
 * The signal a call runs with: aborted when its request is (the caller went
 * away) or when the server stops the calls still running past its shutdown
 * grace period.
 */
export function callSignal(
  ctx: Context,
  signal: AbortSignal | undefined,
): AbortSignal | undefined {
  const signals = [signal, ctx.callsStopped].filter(
    (each): each is AbortSignal => each !== undefined,
  );
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

/**
 * The controller that stops the calls still running when shutdown's grace
 * is over: every call in flight listens to its signal, so it takes any
 * number of listeners.
 */
export function createCallsStop(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Per stop signal, what each call in flight runs when it aborts. */
const stopWatchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `onStop` when `stop` aborts (at once when it already has); returns
 * what unwatches it. Every call in flight watches the server's one stop
 * signal: each adding its own listener made adding and removing one walk
 * the listeners of all the others (Node's EventTarget checks for a
 * duplicate), so the signal has one listener and the calls sit in a set.
 */
export function watchStop(stop: AbortSignal, onStop: () => void): () => void {
  if (stop.aborted) {
    onStop();
    return () => undefined;
  }
  let watchers = stopWatchers.get(stop);
  if (watchers === undefined) {
    const created = new Set<() => void>();
    stopWatchers.set(stop, created);
    stop.addEventListener(
      'abort',
      () => {
        for (const watcher of [...created]) watcher();
        created.clear();
      },
      { once: true },
    );
    watchers = created;
  }
  const own = watchers;
  own.add(onStop);
  return () => {
    own.delete(onStop);
  };
}

/**
 * Runs a call that ends when `run` settles with {@link callSignal}'s
 * signal, joined by hand: `AbortSignal.any` with the server's long-lived
 * stop signal keeps a weak reference per call on it until a collection, a
 * cost every call paid; these listeners go when the call ends.
 */
export async function withCallSignal<TValue>(
  ctx: Context,
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<TValue>,
): Promise<TValue> {
  const stop = ctx.callsStopped;
  if (stop === undefined || signal === undefined) return run(signal ?? stop);
  const joined = new AbortController();
  const onAbort = () => joined.abort(signal.reason);
  if (signal.aborted) onAbort();
  const unwatch = watchStop(stop, () => joined.abort(stop.reason));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(joined.signal);
  } finally {
    unwatch();
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * What a failed call answers: the server's shutdown error when the server
 * stopped it (it ended `cancelled` once the stop came), else its own error.
 */
export function stoppedCallError(ctx: Context, error: unknown): unknown {
  const stop = ctx.callsStopped;
  const stopped =
    stop?.aborted === true &&
    SwitchyardError.isInstance(stop.reason) &&
    SwitchyardError.isInstance(error) &&
    error.code === 'cancelled';
  return stopped ? stop.reason : error;
}
