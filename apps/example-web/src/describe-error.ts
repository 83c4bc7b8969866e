import { isSwitchyardError } from '@switchyard/sdk';

/** A failed call as the page shows it: a stable code and a message. */
export interface PageError {
  /**
   * The gateway's Switchyard error code (`auth`, `quota_exceeded`, …), or
   * `unreachable` when no answer could be read (the browser blocked the
   * request, as it does across origins the gateway does not allow, or the
   * network failed), or `unknown`.
   */
  code: string;
  /**
   * tRPC's code for a gateway answer (`UNAUTHORIZED` for a missing, expired or
   * revoked token, `FORBIDDEN` for a route it may not use, …); absent otherwise.
   */
  trpcCode?: string;
  /** Why the gateway refused the token (`token_expired`, `token_revoked`, `token_not_allowed`, …). */
  denial?: string;
  message: string;
}

/** Turns what a gateway call threw into a {@link PageError}. */
export function describeError(error: unknown): PageError {
  if (isSwitchyardError(error)) {
    return {
      code: error.data.code,
      trpcCode: error.data.trpcCode,
      denial: error.data.denial,
      message: error.message,
    };
  }
  if (error instanceof Error && error.name === 'TRPCClientError') {
    return { code: 'unreachable', message: error.message };
  }
  return {
    code: 'unknown',
    message: error instanceof Error ? error.message : String(error),
  };
}
