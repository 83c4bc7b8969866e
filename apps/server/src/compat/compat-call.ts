import type { Context as HonoContext, Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { generateInputSchema, type GenerateResult } from '@switchyard/core';
import { authenticateCaller } from '../authenticate';
import { generateFor } from '../router-helpers';
import { callSignal, stoppedCallError } from '../call-stop';
import { lightRequest } from '../middleware/light-request';
import {
  bearerTokenOf,
  requestContext,
  type AuthorizedContext,
  type Context,
  type ContextDeps,
} from '../context';
import type { Logger } from '../logger';
import { errorAnswer, type CompatApi } from './compat-answers';
import { CompatError, invalidBody, toCompatFailure } from './compat-error';
import type { ModelDirectory } from './model-directory';

/** What the `/v1` routes share, made once per app. */
export interface CompatDeps {
  contexts: ContextDeps;
  logger: Logger;
  /** The gateway's routes and models (made on first use: routes do not change). */
  directory: () => ModelDirectory;
}

/** One authenticated `/v1` request, as a route's handler gets it. */
export interface CompatCall {
  request: HonoContext;
  ctx: AuthorizedContext;
  directory: ModelDirectory;
  /** Aborted when the client goes away, or shutdown stops calls: the upstream call is cancelled. */
  signal: AbortSignal;
  /** The `Idempotency-Key` header: the same key never charges or generates twice. */
  idempotencyKey: string | undefined;
  /** The API format errors answer in. */
  api: CompatApi;
}

/** The gateway credential of a `/v1` request: `Authorization: Bearer`, else Anthropic's `x-api-key`. */
export function credentialOf(request: HonoContext): string | undefined {
  const bearer = bearerTokenOf(request.req.header('authorization'));
  if (bearer !== undefined) return bearer;
  const apiKey = request.req.header('x-api-key')?.trim();
  return apiKey === '' ? undefined : apiKey;
}

/** The API a `/v1` request speaks: Anthropic's for `/v1/messages`, and for any request with `anthropic-version`. */
export function apiOf(request: HonoContext): CompatApi {
  return request.req.path === '/v1/messages' ||
    request.req.header('anthropic-version') !== undefined
    ? 'anthropic'
    : 'openai';
}

/**
 * A `/v1` route: the request's context (as tRPC makes it), the caller's
 * credential checked, then `handle`; anything thrown answers in the API's
 * error format, its status and headers (an unexpected error is logged, its
 * detail never sent).
 */
export function compatRoute(
  deps: CompatDeps,
  handle: (call: CompatCall) => Promise<Response>,
): Handler {
  return async function compatRoute(request: HonoContext) {
    const requestId = request.get('requestId') as string;
    const api = apiOf(request);
    const ctx = requestContext(deps.contexts, {
      bearerToken: credentialOf(request),
      requestId,
    });
    try {
      return await handle({
        request,
        ctx: await authenticateCaller(ctx),
        directory: deps.directory(),
        signal: requestSignal(request, ctx),
        idempotencyKey: request.req.header('idempotency-key'),
        api,
      });
    } catch (error) {
      // A call the server stopped while shutting down answers its error.
      const failure = toCompatFailure(stoppedCallError(ctx, error), (text) =>
        ctx.gateway.redact(text),
      );
      if (failure.unexpected === true) {
        deps.logger.error(
          {
            requestId,
            path: request.req.path,
            err: {
              type: error instanceof Error ? error.name : typeof error,
              message: ctx.gateway.redact(
                error instanceof Error ? error.message : String(error),
              ),
            },
          },
          'compat route error',
        );
      }
      return errorAnswer({ api, failure, requestId });
    }
  };
}

/**
 * The call's signal: aborted when the client goes away or the server stops
 * the calls still running. Read from the light request (no Fetch Request
 * is made for it), whose stop listener goes when the response ends.
 */
function requestSignal(request: HonoContext, ctx: Context): AbortSignal {
  const light = lightRequest(request, { stop: ctx.callsStopped });
  if (light !== request.req.raw) return light.signal;
  return callSignal(ctx, light.signal) as AbortSignal;
}

/** The request's JSON body; a body that is not JSON is a 400. */
export async function readJson(request: HonoContext): Promise<unknown> {
  try {
    return await lightRequest(request).json();
  } catch (error) {
    // A body past the size limit is a 413, not bad JSON.
    if (error instanceof HTTPException) throw error;
    throw new CompatError({
      status: 400,
      code: 'invalid_request',
      message:
        'The request body is not valid JSON (send it with "content-type: application/json").',
    });
  }
}

/** Parses with `schema`; a failure is a 400 naming the field, in the API's names. */
export function parseWith<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  fieldNames?: Readonly<Record<string, string>>,
): z.output<TSchema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidBody(parsed.error, fieldNames);
  return parsed.data;
}

/** A copy without the keys whose value is undefined (as a JSON body would have come). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as T;
}

/**
 * One `/v1` call through the generate path: the fields (in generate's
 * names, as a JSON body would carry them) are checked against generate's
 * input with the request's `Idempotency-Key` (a failure is a 400 in the
 * API's field names), then run for the caller like tRPC's `generate`.
 */
export function generateThrough(
  call: CompatCall,
  fields: object,
  fieldNames?: Readonly<Record<string, string>>,
): Promise<GenerateResult> {
  const input = parseWith(
    generateInputSchema,
    { ...fields, idempotencyKey: call.idempotencyKey },
    fieldNames,
  );
  return generateFor({ ctx: call.ctx, input, signal: call.signal });
}
