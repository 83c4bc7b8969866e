import { SwitchyardError, type ErrorCode } from '@switchyard/core';

/** The key every conformance call sends; no error may contain any of it. */
export const API_KEY = 'sk-conformance-key-0123456789';
/** An error body of the usual `{ error: { message } }` shape. */
export const GENERIC_ERROR_BODY = { error: { message: 'conformance failure' } };

/** An HTTP status, the code it must become, and the Retry-After it carries. */
export interface StatusCase {
  status: number;
  code: ErrorCode;
  headers?: Record<string, string>;
  retryAfterMs?: number;
}

/** The standard statuses every model must map. */
export const STATUS_CASES: StatusCase[] = [
  { status: 401, code: 'auth' },
  { status: 403, code: 'auth' },
  { status: 404, code: 'not_found' },
  {
    status: 429,
    code: 'rate_limited',
    headers: { 'retry-after': '3' },
    retryAfterMs: 3_000,
  },
  { status: 500, code: 'server_error' },
];

/** The SwitchyardError a call fails with; throws when it succeeds or fails otherwise. */
export async function failure(
  call: Promise<unknown>,
): Promise<SwitchyardError> {
  const outcome: unknown = await call.then(
    () => new Error('expected the call to fail, but it succeeded'),
    (error: unknown) => error,
  );
  if (!SwitchyardError.isInstance(outcome)) {
    throw new Error(`expected a SwitchyardError, got: ${String(outcome)}`, {
      cause: outcome,
    });
  }
  return outcome;
}

/** Calls any model with its kind's request (the suite's request is that kind's). */
export function generateWith(
  model: { generate: unknown },
  request: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  return (
    model.generate as (
      request: unknown,
      options: { signal?: AbortSignal },
    ) => Promise<unknown>
  ).call(model, request, { signal });
}
