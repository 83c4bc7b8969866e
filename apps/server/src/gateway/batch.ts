import {
  SwitchyardError,
  type BatchItemError,
  type BatchItemOutcome,
  type GenerateResult,
} from '@switchyard/core';

/**
 * Runs `count` items with at most `concurrency` at once and returns one
 * outcome per item in input order; an item's failure is its own outcome and
 * never loses the others. With `continueOnError` false, items not yet
 * started when one fails are reported `cancelled` without running; so are
 * those not started when `signal` aborts.
 *
 * A few lines of worker loop rather than p-limit: the pool also has to stop
 * handing out items on the first failure or on abort.
 */
export async function runBatch(options: {
  count: number;
  concurrency: number;
  continueOnError: boolean;
  signal?: AbortSignal;
  run: (index: number) => Promise<GenerateResult>;
  describeError: (error: unknown) => BatchItemError;
}): Promise<BatchItemOutcome[]> {
  const { count, run, describeError, signal } = options;
  const outcomes: Array<BatchItemOutcome | undefined> = Array.from({
    length: count,
  });
  let next = 0;
  let stopped: string | undefined;
  const worker = async () => {
    while (next < count) {
      if (signal?.aborted) stopped ??= 'the batch was cancelled';
      if (stopped !== undefined) return;
      const index = next;
      next += 1;
      try {
        outcomes[index] = { index, ok: true, result: await run(index) };
      } catch (error) {
        outcomes[index] = { index, ok: false, error: describeError(error) };
        if (!options.continueOnError) {
          stopped ??= `item ${index} failed and continueOnError is false`;
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, count) }, worker),
  );
  return outcomes.map(
    (outcome, index) =>
      outcome ?? {
        index,
        ok: false,
        error: describeError(
          new SwitchyardError({
            code: 'cancelled',
            message: `Not run: ${stopped ?? 'the batch stopped'}.`,
          }),
        ),
      },
  );
}
