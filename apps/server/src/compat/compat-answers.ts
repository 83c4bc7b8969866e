import type { Attempt, GenerateResult } from '@switchyard/core';
import { z } from 'zod';
import type {
  AnthropicError,
  AnthropicErrorType,
} from './anthropic-answer-schemas';
import type { CompatFailure } from './compat-error';
import type { OpenAIError, OpenAIErrorType } from './openai-answer-schemas';

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

const count = z.string().regex(/^\d+$/);

/** The `x-switchyard-*` headers of every `/v1` answer, errors included. */
export const callHeadersSchema = z.object({
  'x-switchyard-provider': z.string().optional().meta({
    description:
      'The instance that served the call, or was tried last (absent when no provider was called).',
  }),
  'x-switchyard-fallback': z.enum(['true', 'false']).meta({
    description: '`true` when a target after the first was called.',
  }),
  'x-switchyard-attempts': count.meta({
    description: 'Provider calls made, retries included.',
  }),
  'x-switchyard-cost': count.optional().meta({
    description:
      'Micro-credits charged (0 for a failure); absent on a stream, which is charged at its end.',
  }),
});
export type CallHeaders = z.infer<typeof callHeadersSchema>;

/** The headers of a 429 whose wait is known. */
export const retryHeadersSchema = z.object({
  'retry-after': count.optional().meta({
    description: 'Seconds to wait (rounded up), when the wait is known.',
  }),
  'retry-after-ms': count.optional().meta({
    description: 'Milliseconds to wait, when the wait is known.',
  }),
});
type RetryHeaders = z.infer<typeof retryHeadersSchema>;

/**
 * `x-switchyard-provider`, `-fallback` (`true`/`false`), `-attempts` (a
 * count) and `-cost` (micro-credits; absent on a stream, charged at its end).
 */
export function switchyardHeaders(summary: CallSummary): CallHeaders {
  return {
    'x-switchyard-fallback': summary.fallback ? 'true' : 'false',
    'x-switchyard-attempts': String(summary.attempts),
    ...(summary.provider === undefined
      ? {}
      : { 'x-switchyard-provider': summary.provider }),
    ...(summary.costMicroCredits === undefined
      ? {}
      : { 'x-switchyard-cost': String(summary.costMicroCredits) }),
  };
}

/** A JSON answer with the call's headers. */
export function jsonAnswer(options: {
  body: unknown;
  summary: CallSummary;
  status?: number;
  headers?: RetryHeaders;
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
  const retry: RetryHeaders =
    failure.retryAfterMs !== undefined && failure.status === 429
      ? {
          'retry-after': String(Math.ceil(failure.retryAfterMs / 1000)),
          'retry-after-ms': String(Math.ceil(failure.retryAfterMs)),
        }
      : {};
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
export function openAIErrorBody(failure: CompatFailure): OpenAIError {
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
): AnthropicError {
  return {
    type: 'error',
    error: {
      type: anthropicErrorType(failure.status),
      message: failure.message,
    },
    request_id: requestId,
  };
}

function openAIErrorType(status: number): OpenAIErrorType {
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

const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, AnthropicErrorType>> = {
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

function anthropicErrorType(status: number): AnthropicErrorType {
  return (
    ANTHROPIC_ERROR_TYPES[status] ??
    (status >= 500 ? 'api_error' : 'invalid_request_error')
  );
}
