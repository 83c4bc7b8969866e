import { useCallback, useRef, useState } from 'react';
import { describeError, type PageError } from './describe-error';

/** Where one of the page's calls stands. */
export type ActionState<TValue> =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; value: TValue }
  | { status: 'error'; error: PageError };

/**
 * State for one button's call: `run(task)` shows it running, then its value
 * or its error (through {@link describeError}). Only the latest run is
 * shown: an earlier one that ends later is ignored. `settled` counts the
 * runs shown ending (pages show it as `data-settled`, so a test can wait for
 * the next one).
 */
export function useAction<TValue>(): {
  state: ActionState<TValue>;
  settled: number;
  run: (task: () => Promise<TValue>) => Promise<void>;
} {
  const [state, setState] = useState<ActionState<TValue>>({ status: 'idle' });
  const [settled, setSettled] = useState(0);
  const latest = useRef(0);
  const run = useCallback(async (task: () => Promise<TValue>) => {
    const runNumber = ++latest.current;
    const show = (next: ActionState<TValue>) => {
      if (runNumber !== latest.current) return;
      setState(next);
      if (next.status !== 'running') setSettled((count) => count + 1);
    };
    show({ status: 'running' });
    try {
      show({ status: 'done', value: await task() });
    } catch (error) {
      show({ status: 'error', error: describeError(error) });
    }
  }, []);
  return { state, settled, run };
}
