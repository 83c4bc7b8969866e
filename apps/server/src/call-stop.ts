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
