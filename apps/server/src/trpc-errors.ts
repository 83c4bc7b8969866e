import {
  RouteFailedError,
  SwitchyardError,
  type Attempt,
  type BatchItemError,
  type ErrorCode,
  type FailureReason,
} from '@switchyard/core';
import {
  TRPCError,
  type TRPC_ERROR_CODE_KEY,
  type TRPCDefaultErrorShape,
} from '@trpc/server';
import { redactAttempts } from './gateway/secret-redactor';
import { tokenDenialSchema, type TokenDenial } from './tokens/token-grant';

/**
 * The one table from Switchyard error codes to tRPC error codes. Each tRPC
 * code's HTTP status equals core's `ERROR_CODES[code].httpStatus` (a test
 * checks it), so the REST and tRPC surfaces answer alike.
 */
export const TRPC_CODE_BY_ERROR_CODE = {
  rate_limited: 'TOO_MANY_REQUESTS',
  quota_exceeded: 'PAYMENT_REQUIRED',
  timeout: 'GATEWAY_TIMEOUT',
  network: 'BAD_GATEWAY',
  server_error: 'BAD_GATEWAY',
  invalid_response: 'BAD_GATEWAY',
  overloaded: 'SERVICE_UNAVAILABLE',
  model_loading: 'SERVICE_UNAVAILABLE',
  auth: 'BAD_GATEWAY',
  invalid_request: 'BAD_REQUEST',
  content_policy: 'UNPROCESSABLE_CONTENT',
  not_found: 'NOT_FOUND',
  unsupported: 'UNPROCESSABLE_CONTENT',
  cancelled: 'CLIENT_CLOSED_REQUEST',
  unknown: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<ErrorCode, TRPC_ERROR_CODE_KEY>;

/** The Switchyard code of a tRPC error that did not come from Switchyard (bad input, no such procedure, …). */
function errorCodeForTRPC(code: TRPC_ERROR_CODE_KEY): ErrorCode {
  if (code === 'PARSE_ERROR' || code === 'BAD_REQUEST')
    return 'invalid_request';
  if (code === 'METHOD_NOT_SUPPORTED' || code === 'PAYLOAD_TOO_LARGE') {
    return 'invalid_request';
  }
  // The caller's own key was missing, unknown or not allowed.
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') return 'auth';
  const match = (
    Object.entries(TRPC_CODE_BY_ERROR_CODE) as Array<
      [ErrorCode, TRPC_ERROR_CODE_KEY]
    >
  ).find(([, trpcCode]) => trpcCode === code);
  return match?.[0] ?? 'unknown';
}

/** Turns a SwitchyardError into the matching TRPCError, keeping it as the cause. */
export function toTRPCError(error: SwitchyardError): TRPCError {
  return new TRPCError({
    code: TRPC_CODE_BY_ERROR_CODE[error.code],
    message: error.message,
    cause: error,
  });
}

/** A failing input field: its dotted path (`messages.0.content`) and what is wrong. */
export interface InputIssue {
  path: string;
  message: string;
  code?: string;
}

/** What `error.data` carries for every error the gateway returns. */
export interface ErrorData {
  /** The Switchyard error code (`rate_limited`, `invalid_request`, …). */
  code: ErrorCode;
  /** tRPC's code for the same error (`TOO_MANY_REQUESTS`, …). */
  trpcCode: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  /** The procedure path, e.g. `generate`. */
  path?: string;
  /** Why a routed call failed as a whole. */
  reason?: FailureReason;
  /** Every attempt, in order, when a routed call failed. */
  attempts?: Attempt[];
  /** How long to wait before trying again; when every target was rate limited, the smallest wait. */
  retryAfterMs?: number;
  /** The failing input fields, for a request that did not validate. */
  issues?: InputIssue[];
  /** Why a minted token was refused (`token_expired`, `token_revoked`, …). */
  denial?: TokenDenial;
}

/** The error shape every procedure returns. */
export interface ErrorShape {
  message: string;
  code: TRPCDefaultErrorShape['code'];
  data: ErrorData;
}

/**
 * Builds the error shape: Switchyard's `code`, every attempt, `retryAfterMs`
 * and `reason` from the cause, the failing fields of a bad input, and tRPC's
 * `httpStatus`. Never includes a stack, request headers or the input, and
 * scrubs configured credentials from every message.
 */
export function formatError(options: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  redact?: (text: string) => string;
}): ErrorShape {
  const { shape, error } = options;
  const redact = options.redact ?? ((text: string) => text);
  const cause = SwitchyardError.isInstance(error.cause)
    ? error.cause
    : undefined;
  const routeFailure = cause === undefined ? undefined : asRouteFailure(cause);
  const issues = inputIssues(error);
  const data: ErrorData = {
    code: cause?.code ?? errorCodeForTRPC(error.code),
    trpcCode: error.code,
    httpStatus: shape.data.httpStatus,
    path: shape.data.path,
    reason: routeFailure?.reason,
    attempts:
      routeFailure === undefined
        ? undefined
        : redactAttempts(routeFailure.attempts, redact),
    retryAfterMs: cause?.retryAfterMs,
    issues,
    denial: denialOf(error),
  };
  return {
    message: redact(messageFor({ error, cause, issues })),
    code: shape.code,
    data,
  };
}

/** The token denial an error carries (a refused token, or a call it does not allow). */
function denialOf(error: TRPCError): TokenDenial | undefined {
  const parsed = tokenDenialSchema.safeParse(
    (error.cause as { denial?: unknown } | undefined)?.denial,
  );
  return parsed.success ? parsed.data : undefined;
}

function messageFor(options: {
  error: TRPCError;
  cause: SwitchyardError | undefined;
  issues: InputIssue[] | undefined;
}): string {
  const { error, cause, issues } = options;
  if (issues !== undefined) {
    const fields = issues
      .map((issue) =>
        issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
      )
      .join('; ');
    return `Invalid input: ${fields}`;
  }
  // An unexpected error's message may hold anything: do not pass it on.
  if (cause === undefined && error.code === 'INTERNAL_SERVER_ERROR') {
    return 'Internal server error.';
  }
  return error.message;
}

function asRouteFailure(
  error: SwitchyardError,
): { reason: FailureReason; attempts: Attempt[] } | undefined {
  const candidate = error as Partial<{
    reason: FailureReason;
    attempts: Attempt[];
  }>;
  if (candidate.reason === undefined || !Array.isArray(candidate.attempts)) {
    return undefined;
  }
  return { reason: candidate.reason, attempts: candidate.attempts };
}

function inputIssues(error: TRPCError): InputIssue[] | undefined {
  if (error.code !== 'BAD_REQUEST') return undefined;
  const issues = (error.cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const described = issues.map((issue: Record<string, unknown>) => ({
    path: Array.isArray(issue.path)
      ? issue.path
          .map((segment: unknown) =>
            typeof segment === 'object' && segment !== null && 'key' in segment
              ? String(segment.key)
              : String(segment),
          )
          .join('.')
      : '',
    message: String(issue.message),
    code: typeof issue.code === 'string' ? issue.code : undefined,
  }));
  // The request check inside generate's schema can restate a field issue.
  const seen = new Set<string>();
  return described.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The error of one batch item, as `generate` would have reported it: the
 * Switchyard code, the message with credentials scrubbed, `retryAfterMs` and
 * the attempts of a routed call.
 */
export function toBatchItemError(
  error: unknown,
  redact: (text: string) => string,
): BatchItemError {
  if (SwitchyardError.isInstance(error)) {
    return {
      code: error.code,
      message: redact(error.message),
      retryAfterMs: error.retryAfterMs,
      attempts: RouteFailedError.isInstance(error)
        ? redactAttempts(error.attempts, redact)
        : undefined,
    };
  }
  if (error instanceof TRPCError) {
    return {
      code: errorCodeForTRPC(error.code),
      message: redact(error.message),
    };
  }
  return { code: 'unknown', message: 'Internal server error.' };
}
