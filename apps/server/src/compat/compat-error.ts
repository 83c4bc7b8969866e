import {
  ERROR_CODES,
  RouteFailedError,
  SwitchyardError,
  type Attempt,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { CallerUnauthorized } from '../authenticate';
import { redactAttempts } from '../gateway/secret-redactor';
import { TokenDenied } from '../tokens/token-service';

/**
 * A request the `/v1` routes refuse themselves (a body that does not
 * validate, an unknown model, an option they do not support), with the
 * status, code and field to answer with.
 */
export class CompatError extends Error {
  override readonly name = 'CompatError';
  readonly status: number;
  readonly code: string;
  readonly param: string | null;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    param?: string | null;
  }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.param = options.param ?? null;
  }
}

/** Any failure of a `/v1` call, as both API formats answer it. */
export interface CompatFailure {
  status: number;
  /** Switchyard's error code, or the route's own (`model_not_found`, `invalid_api_key`). */
  code: string;
  /** Scrubbed of configured credentials. */
  message: string;
  /** The request field at fault (OpenAI's `param`), else null. */
  param: string | null;
  retryAfterMs?: number;
  /** Every attempt of a routed call that failed. */
  attempts?: Attempt[];
  /** True when the error is not one the gateway expects (log it). */
  unexpected?: boolean;
}

/**
 * What a thrown error means to a `/v1` caller: a {@link CompatError}, an
 * invalid credential (401), a key or token not allowed (403), a body too
 * large (413), a Switchyard error at its table's status, else 500 with no
 * detail. `redact` scrubs messages and attempts.
 */
export function toCompatFailure(
  error: unknown,
  redact: (text: string) => string,
): CompatFailure {
  if (error instanceof CompatError) {
    const { status, code, param } = error;
    return { status, code, param, message: redact(error.message) };
  }
  if (error instanceof CallerUnauthorized) {
    const denial =
      error.cause instanceof TokenDenied ? error.cause.denial : undefined;
    return failure(401, denial ?? 'invalid_api_key', error.message);
  }
  if (error instanceof TRPCError) {
    const denial =
      error.cause instanceof TokenDenied ? error.cause.denial : undefined;
    const status = getHTTPStatusCodeFromError(error);
    return failure(
      status,
      denial ?? 'permission_denied',
      redact(error.message),
    );
  }
  if (error instanceof HTTPException) {
    return failure(error.status, 'invalid_request', error.message);
  }
  if (SwitchyardError.isInstance(error)) {
    return {
      status: ERROR_CODES[error.code].httpStatus,
      code: error.code,
      message: redact(error.message),
      param: null,
      retryAfterMs: error.retryAfterMs,
      attempts: RouteFailedError.isInstance(error)
        ? redactAttempts(error.attempts, redact)
        : undefined,
    };
  }
  return {
    ...failure(500, 'unknown', 'Internal server error.'),
    unexpected: true,
  };
}

function failure(status: number, code: string, message: string): CompatFailure {
  return { status, code, message, param: null };
}

/**
 * A 400 for a request body that did not validate: the first issue's field
 * (OpenAI's `param`, with the API's own field names) and every issue's
 * message.
 */
export function invalidBody(
  error: z.ZodError,
  fieldNames: Readonly<Record<string, string>> = {},
): CompatError {
  const described = error.issues.map((issue) => {
    const path = paramOf(issue.path, fieldNames);
    return {
      path,
      text: path === '' ? issue.message : `${path}: ${issue.message}`,
    };
  });
  return new CompatError({
    status: 400,
    code: 'invalid_request',
    param: described[0]?.path || null,
    message: `Invalid request: ${[...new Set(described.map((issue) => issue.text))].join('; ')}`,
  });
}

/** `messages[0].content`, from zod's path, with our names turned back into the API's. */
function paramOf(
  path: readonly PropertyKey[],
  fieldNames: Readonly<Record<string, string>>,
): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = fieldNames[String(segment)] ?? String(segment);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
