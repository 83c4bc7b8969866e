import type { Attempt, GenerateResult } from '@switchyard/core';
import type { CompatFailure } from './compat-error';

/** What the `x-switchyard-*` headers of an answer say about its call. */
export interface CallSummary {
  /** The instance that served the call, or that was tried last. */
  provider?: string;
  /** True when a target after the first was called. */
  fallback: boolean;
  /** Provider calls made, retries included (skipped targets are not calls). */
  attempts: number;
  /** Micro-credits charged; unknown while a stream runs. */
  costMicroCredits?: number;
}

/** The summary of a served call. */
export function summaryOfResult(result: GenerateResult): CallSummary {
  return {
    provider: result.provider,
    fallback: result.fallbackUsed,
    attempts: calls(result.attempts).length,
    costMicroCredits: result.cost.microCredits,
  };
}

/** The summary of a failed call (nothing charged), from its attempts when it was routed. */
export function summaryOfAttempts(
  attempts: readonly Attempt[] | undefined,
): CallSummary {
  const made = calls(attempts ?? []);
  const targets = new Set(
    made.map((attempt) => `${attempt.provider}:${attempt.model}`),
  );
  return {
    provider: made.at(-1)?.provider,
    fallback: targets.size > 1,
    attempts: made.length,
    costMicroCredits: 0,
  };
}

function calls(attempts: readonly Attempt[]): Attempt[] {
  return attempts.filter((attempt) => attempt.outcome !== 'skipped');
}

/**
 * `x-switchyard-provider`, `-fallback` (`true`/`false`), `-attempts` (a
 * count) and `-cost` (micro-credits; absent on a stream, charged at its end).
 */
export function switchyardHeaders(
  summary: CallSummary,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-switchyard-fallback': String(summary.fallback),
    'x-switchyard-attempts': String(summary.attempts),
  };
  if (summary.provider !== undefined) {
    headers['x-switchyard-provider'] = summary.provider;
  }
  if (summary.costMicroCredits !== undefined) {
    headers['x-switchyard-cost'] = String(summary.costMicroCredits);
  }
  return headers;
}

/** A JSON answer with the call's headers. */
export function jsonAnswer(options: {
  body: unknown;
  summary: CallSummary;
  status?: number;
  headers?: Record<string, string>;
}): Response {
  return new Response(JSON.stringify(options.body), {
    status: options.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...switchyardHeaders(options.summary),
      ...options.headers,
    },
  });
}

/** The two API formats a `/v1` route answers in. */
export type CompatApi = 'openai' | 'anthropic';

/**
 * A failure in the API's own error format, at its status, with the call's
 * headers and, when the caller should wait, `Retry-After` (whole seconds,
 * rounded up) and `retry-after-ms` (both SDKs read it).
 */
export function errorAnswer(options: {
  api: CompatApi;
  failure: CompatFailure;
  requestId: string;
}): Response {
  const { api, failure, requestId } = options;
  const retry: Record<string, string> = {};
  if (failure.retryAfterMs !== undefined && failure.status === 429) {
    retry['retry-after'] = String(Math.ceil(failure.retryAfterMs / 1000));
    retry['retry-after-ms'] = String(Math.ceil(failure.retryAfterMs));
  }
  return jsonAnswer({
    body:
      api === 'openai'
        ? openAIErrorBody(failure)
        : anthropicErrorBody(failure, requestId),
    summary: summaryOfAttempts(failure.attempts),
    status: failure.status,
    headers: retry,
  });
}

/**
 * OpenAI's `{ error: { message, type, param, code } }`; a routed call's
 * failure adds `attempts` (every attempt, as `generate` reports them).
 */
export function openAIErrorBody(failure: CompatFailure): {
  error: Record<string, unknown>;
} {
  return {
    error: {
      message: failure.message,
      type: openAIErrorType(failure.status),
      param: failure.param,
      code: failure.code,
      ...(failure.attempts === undefined ? {} : { attempts: failure.attempts }),
    },
  };
}

/** Anthropic's `{ type: 'error', error: { type, message }, request_id }`. */
export function anthropicErrorBody(
  failure: Pick<CompatFailure, 'status' | 'message'>,
  requestId: string,
): {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
} {
  return {
    type: 'error',
    error: {
      type: anthropicErrorType(failure.status),
      message: failure.message,
    },
    request_id: requestId,
  };
}

function openAIErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'insufficient_quota';
    case 403:
      return 'permission_error';
    case 429:
      return 'rate_limit_error';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = {
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

function anthropicErrorType(status: number): string {
  return (
    ANTHROPIC_ERROR_TYPES[status] ??
    (status >= 500 ? 'api_error' : 'invalid_request_error')
  );
}
