import {
  ERROR_CODES,
  errorCodes,
  RouteFailedError,
  SwitchyardError,
} from '@switchyard/core';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatError,
  TRPC_CODE_BY_ERROR_CODE,
  toTRPCError,
} from './trpc-errors';

function shapeOf(error: TRPCError) {
  return {
    message: error.message,
    code: -32603 as const,
    data: {
      code: error.code,
      httpStatus: getHTTPStatusCodeFromError(error),
      path: 'generate',
    },
  };
}

describe('TRPC_CODE_BY_ERROR_CODE', () => {
  it.each(errorCodes)("should answer %s with core's HTTP status", (code) => {
    const error = new TRPCError({ code: TRPC_CODE_BY_ERROR_CODE[code] });
    expect(getHTTPStatusCodeFromError(error)).toBe(
      ERROR_CODES[code].httpStatus,
    );
  });
});

describe('formatError', () => {
  it('should carry the code, every attempt, the reason and the smallest wait', () => {
    const attempts = [
      {
        provider: 'a',
        model: 'm',
        outcome: 'error' as const,
        code: 'rate_limited' as const,
        latencyMs: 1,
        retryAfterMs: 5000,
      },
      {
        provider: 'b',
        model: 'm',
        outcome: 'error' as const,
        code: 'rate_limited' as const,
        latencyMs: 1,
        retryAfterMs: 2000,
      },
    ];
    const failure = new RouteFailedError({
      reason: 'all-targets-failed',
      attempts,
      errors: attempts.map(
        (attempt) =>
          new SwitchyardError({
            code: 'rate_limited',
            provider: attempt.provider,
            message: 'slow down',
            retryAfterMs: attempt.retryAfterMs,
          }),
      ),
    });
    const error = toTRPCError(failure);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    const formatted = formatError({ shape: shapeOf(error), error });
    expect(formatted.data).toEqual({
      code: 'rate_limited',
      trpcCode: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      path: 'generate',
      reason: 'all-targets-failed',
      attempts,
      retryAfterMs: 2000,
    });
  });

  it('should list the failing input fields', () => {
    const parsed = z
      .object({ prompt: z.string(), n: z.number() })
      .safeParse({ n: 'x' });
    const error = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const formatted = formatError({ shape: shapeOf(error), error });
    expect(formatted.data.code).toBe('invalid_request');
    expect(formatted.data.issues?.map((issue) => issue.path)).toEqual([
      'prompt',
      'n',
    ]);
    expect(formatted.message).toMatch(/^Invalid input: prompt: .*; n: /);
  });

  it('should hide the message of an unexpected error', () => {
    const error = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new Error('connection string postgres://user:pw@db'),
    });
    const formatted = formatError({ shape: shapeOf(error), error });
    expect(formatted.message).toBe('Internal server error.');
    expect(formatted.data.code).toBe('unknown');
  });

  it('should scrub secrets from messages and attempts', () => {
    const failure = new RouteFailedError({
      reason: 'all-targets-failed',
      attempts: [
        {
          provider: 'a',
          model: 'm',
          outcome: 'error',
          code: 'auth',
          latencyMs: 1,
          message: 'bad key sk-1234',
        },
      ],
      errors: [
        new SwitchyardError({ code: 'auth', message: 'bad key sk-1234' }),
      ],
    });
    const error = toTRPCError(failure);
    const formatted = formatError({
      shape: shapeOf(error),
      error,
      redact: (text) => text.replaceAll('sk-1234', '[redacted]'),
    });
    expect(JSON.stringify(formatted)).not.toContain('sk-1234');
  });
});
