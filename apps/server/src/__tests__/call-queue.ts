import { deferred, type Deferred } from './deferred';

/**
 * Calls that code under test makes and the test answers, in the order they
 * came: `next` hands the test the first waiting call that matches, or the
 * first to arrive after. A test so waits for an event, never for a time.
 */
export interface CallQueue<TCall> {
  /** A call arrives: it goes to the first test waiting for one like it, else it waits. */
  push(call: TCall): void;
  /** Takes a waiting call back (one that was withdrawn before the test took it). */
  withdraw(call: TCall): void;
  /** The next call that matches, taken from the waiting ones or awaited. */
  next(matches?: (call: TCall) => boolean): Promise<TCall>;
  /** Forgets the waiting calls and the tests waiting for one. */
  clear(): void;
}

/** Creates an empty {@link CallQueue}. */
export function createCallQueue<TCall>(): CallQueue<TCall> {
  const waiting: TCall[] = [];
  let takers: Array<{
    matches: (call: TCall) => boolean;
    taken: Deferred<TCall>;
  }> = [];
  return {
    push(call) {
      const taker = takers.find((candidate) => candidate.matches(call));
      if (taker === undefined) {
        waiting.push(call);
        return;
      }
      takers = takers.filter((candidate) => candidate !== taker);
      taker.taken.resolve(call);
    },
    withdraw(call) {
      const index = waiting.indexOf(call);
      if (index >= 0) waiting.splice(index, 1);
    },
    next(matches = () => true) {
      const index = waiting.findIndex(matches);
      const [call] = index >= 0 ? waiting.splice(index, 1) : [];
      if (call !== undefined) return Promise.resolve(call);
      const taken = deferred<TCall>();
      takers.push({ matches, taken });
      return taken.promise;
    },
    clear() {
      waiting.length = 0;
      takers = [];
    },
  };
}
