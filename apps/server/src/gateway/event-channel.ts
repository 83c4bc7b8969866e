/**
 * A queue of events pushed by callbacks (the engine's `onEvent`) that a
 * generator yields as they come while it waits for a promise.
 */
export function createEventChannel<TEvent>() {
  const queue: TEvent[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(event: TEvent): void {
      queue.push(event);
      notify();
    },
    /** Yields queued events until `promise` settles, then any left; returns its value or throws its error. */
    async *drainUntil<TValue>(
      promise: Promise<TValue>,
    ): AsyncGenerator<TEvent, TValue> {
      let outcome:
        { ok: true; value: TValue } | { ok: false; error: unknown } | undefined;
      promise.then(
        (value) => {
          outcome = { ok: true, value };
          notify();
        },
        (error: unknown) => {
          outcome = { ok: false, error };
          notify();
        },
      );
      for (;;) {
        while (queue.length > 0) yield queue.shift() as TEvent;
        if (outcome !== undefined) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  };
}
