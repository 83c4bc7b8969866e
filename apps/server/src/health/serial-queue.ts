/**
 * Runs jobs over sets of keys one at a time: keys asked for while a run is
 * going wait for the next run, and every ask made before that run starts
 * joins it (so a burst of asks costs one run).
 */
export function createSerialQueue(
  run: (keys: ReadonlySet<string>) => Promise<void>,
): { request(keys: Iterable<string>): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  let waiting: { keys: Set<string>; done: Promise<void> } | undefined;
  return {
    request(keys) {
      if (waiting !== undefined) {
        for (const key of keys) waiting.keys.add(key);
        return waiting.done;
      }
      const next = { keys: new Set(keys), done: Promise.resolve() };
      next.done = tail.then(() => {
        waiting = undefined;
        return run(next.keys);
      });
      waiting = next;
      tail = next.done.catch(() => undefined);
      return next.done;
    },
  };
}
