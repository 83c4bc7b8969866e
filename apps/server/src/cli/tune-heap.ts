import { setFlagsFromString } from 'node:v8';
import type { Environment } from '../config/substitute-environment';

/** The variable that sets {@link tuneHeap}'s percentage (0: V8's own growth). */
export const HEAP_GROWING_VARIABLE = 'SWITCHYARD_HEAP_GROWING_PERCENT';

/** Old space may grow to this much above what the last full collection kept. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * Bounds how far V8 lets the old generation grow past its live size before
 * the next full collection, for the server process only (`switchyard
 * start`). Under load a gateway promotes short-lived request objects that
 * V8, seeing collections cheap, lets pile up to four times the live heap:
 * 230 MB resident for 35 MB live at 64 concurrent calls. Doubling at most
 * keeps it near 180 MB for about the same CPU (measured: 40% held 165 MB
 * but cost an eighth more CPU per call in collections). Not a cap: the heap
 * still grows as far as the live data needs. Set
 * `SWITCHYARD_HEAP_GROWING_PERCENT=0` to keep V8's default.
 */
export function tuneHeap(environment: Environment): void {
  const raw = environment[HEAP_GROWING_VARIABLE];
  const percent =
    raw === undefined || raw === ''
      ? DEFAULT_HEAP_GROWING_PERCENT
      : Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1_000) {
    throw new Error(
      `${HEAP_GROWING_VARIABLE} "${raw}" is not a whole percentage from 0 to 1000.`,
    );
  }
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
