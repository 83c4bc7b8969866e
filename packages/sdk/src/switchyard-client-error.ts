import type { AppRouter } from '@switchyard/server';
import type { TRPCClientError } from '@trpc/client';
import type { inferRouterError } from '@trpc/server';

/**
 * What `error.data` carries for every error the gateway answers with: the
 * Switchyard error `code`, tRPC's `trpcCode`, `httpStatus`, and when they
 * apply, every `attempts` entry, `retryAfterMs`, the failure `reason` and
 * the invalid input `issues`.
 */
export type SwitchyardErrorData = inferRouterError<AppRouter>['data'];

/** A Switchyard error code: `rate_limited`, `invalid_request`, `timeout`, … */
export type SwitchyardErrorCode = SwitchyardErrorData['code'];

/** An error the gateway answered with, as a call on the client throws it. */
export type SwitchyardClientError = TRPCClientError<AppRouter> & {
  readonly data: SwitchyardErrorData;
};

/**
 * Tells whether a call failed with an error the gateway answered with, so
 * that `error.data.code`, `error.data.attempts` and `error.data.retryAfterMs`
 * can be read. False for anything else, such as a network failure before the
 * gateway answered (a `TRPCClientError` without `data`).
 *
 * It checks the error's shape rather than `instanceof`, so it also works when
 * two copies of `@trpc/client` are installed.
 *
 * @example
 * ```ts
 * try {
 *   await client.generate.mutate({ type: 'image', prompt: 'a fox' });
 * } catch (error) {
 *   if (isSwitchyardError(error) && error.data.code === 'rate_limited') {
 *     await sleep(error.data.retryAfterMs ?? 1000);
 *   }
 * }
 * ```
 */
export function isSwitchyardError(
  error: unknown,
): error is SwitchyardClientError {
  if (!(error instanceof Error) || error.name !== 'TRPCClientError') {
    return false;
  }
  const { data } = error as { data?: unknown };
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { code?: unknown }).code === 'string'
  );
}
