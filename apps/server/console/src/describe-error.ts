import { isSwitchyardError, type RouterOutputs } from '@switchyard/sdk';

type Attempt = RouterOutputs['generate']['attempts'][number];

/** A failed call as the console shows it: a stable code, a message and its attempts. */
export interface ConsoleError {
  /** The gateway's Switchyard error code (`auth`, `quota_exceeded`, …), `unreachable` or `unknown`. */
  code: string;
  message: string;
  /** Every attempt of a failed generation, when the gateway reports them. */
  attempts?: Attempt[];
}

/** Turns what a gateway call threw into a {@link ConsoleError}. */
export function describeError(error: unknown): ConsoleError {
  if (isSwitchyardError(error)) {
    const attempts = (error.data as { attempts?: Attempt[] }).attempts;
    return { code: error.data.code, message: error.message, attempts };
  }
  if (error instanceof Error && error.name === 'TRPCClientError') {
    return { code: 'unreachable', message: error.message };
  }
  return {
    code: 'unknown',
    message: error instanceof Error ? error.message : String(error),
  };
}
