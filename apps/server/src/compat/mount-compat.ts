import type { Context as HonoContext, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnvironment } from '../app';
import type { ContextDeps } from '../context';
import type { Gateway } from '../gateway/gateway';
import type { Logger } from '../logger';
import { messages } from './anthropic-messages';
import { errorAnswer } from './compat-answers';
import {
  apiOf,
  compatRoute,
  type CompatCall,
  type CompatDeps,
} from './compat-call';
import type { CompatConfig } from './compat-config';
import { CompatError, toCompatFailure } from './compat-error';
import { createModelDirectory, type ModelDirectory } from './model-directory';
import { listModels, retrieveModel } from './models-list';
import { chatCompletions } from './openai-chat';
import { imageEdits, imageGenerations } from './openai-images';
import { audioSpeech } from './openai-speech';

/** One `/v1` route: its method, its path (OpenAPI's `{param}` style) and its handler. */
export interface CompatRouteEntry {
  method: 'get' | 'post';
  path: `/v1/${string}`;
  handle: (call: CompatCall) => Promise<Response>;
}

/**
 * Every `/v1` route the gateway serves, as {@link mountCompat} mounts them
 * (`/openapi.json` describes each; its test checks that none is missing).
 * A path parameter takes the rest of the path: `/v1/models/{id}` serves
 * `GET /v1/models/fal:fal-ai/flux/schnell`.
 */
export const COMPAT_ROUTES = [
  { method: 'post', path: '/v1/chat/completions', handle: chatCompletions },
  { method: 'post', path: '/v1/messages', handle: messages },
  { method: 'post', path: '/v1/images/generations', handle: imageGenerations },
  { method: 'post', path: '/v1/images/edits', handle: imageEdits },
  { method: 'post', path: '/v1/audio/speech', handle: audioSpeech },
  { method: 'get', path: '/v1/models', handle: listModels },
  { method: 'get', path: '/v1/models/{id}', handle: retrieveModel },
] as const satisfies readonly CompatRouteEntry[];

/** A path of {@link COMPAT_ROUTES}. */
export type CompatPath = (typeof COMPAT_ROUTES)[number]['path'];

/** Hono's form of a route path: `{id}` becomes `:id{.+}` (slashes included). */
function honoPath(path: string): string {
  return path.replaceAll(/\{(\w+)\}/g, ':$1{.+}');
}

/**
 * Serves the OpenAI- and Anthropic-compatible routes under `/v1`
 * ({@link COMPAT_ROUTES}: `POST /v1/chat/completions`,
 * `/v1/images/generations`, `/v1/images/edits`, `/v1/audio/speech` and
 * `/v1/messages`, `GET /v1/models` and `/v1/models/{id}`). Each takes the
 * same path as tRPC's `generate` (credential, key limits, rate limit,
 * credits, idempotency, cache, records) and answers in its API's shape,
 * errors included, with `x-switchyard-*` headers saying what happened; any
 * other `/v1` path is a 404 in the API's format.
 *
 * @example
 * mountCompat(app, { contexts, logger, compat: config.compat });
 */
export function mountCompat(
  app: Hono<AppEnvironment>,
  options: { contexts: ContextDeps; logger: Logger; compat?: CompatConfig },
): void {
  const deps: CompatDeps = {
    contexts: options.contexts,
    logger: options.logger,
    directory: directoryOf(options.contexts.gateway, options.compat),
  };
  for (const route of COMPAT_ROUTES) {
    app.on(route.method, honoPath(route.path), compatRoute(deps, route.handle));
  }
  const served = COMPAT_ROUTES.map(
    (route) => `${route.method.toUpperCase()} ${route.path}`,
  ).join(', ');
  app.all(
    '/v1/*',
    compatRoute(deps, (call) => {
      throw new CompatError({
        status: 404,
        code: 'not_found',
        message: `No route ${call.request.req.method} ${call.request.req.path}. The /v1 routes: ${served}.`,
      });
    }),
  );
}

/** The directory of the gateway's routes, made on first use (routes do not change). */
function directoryOf(
  gateway: Gateway,
  compat: CompatConfig | undefined,
): () => ModelDirectory {
  let directory: ModelDirectory | undefined;
  return () => {
    directory ??= createModelDirectory({
      routes: gateway.listRoutes(),
      instances: gateway.listProviders().map((instance) => instance.name),
      aliases: compat?.models,
    });
    return directory;
  };
}

/**
 * The answer, in the API's error format, to an HTTP error a middleware
 * threw before a `/v1` route ran (a body over the size limit); undefined
 * for other paths and errors, which the app answers as usual.
 */
export function compatErrorResponse(options: {
  context: HonoContext<AppEnvironment>;
  error: Error;
  gateway: Gateway;
}): Response | undefined {
  const { context, error } = options;
  if (!context.req.path.startsWith('/v1/')) return undefined;
  if (!(error instanceof HTTPException)) return undefined;
  return errorAnswer({
    api: apiOf(context),
    failure: toCompatFailure(error, (text) => options.gateway.redact(text)),
    requestId: context.get('requestId'),
  });
}
