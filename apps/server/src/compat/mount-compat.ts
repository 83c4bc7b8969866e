import type { Context as HonoContext, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnvironment } from '../app';
import type { ContextDeps } from '../context';
import type { Gateway } from '../gateway/gateway';
import type { Logger } from '../logger';
import { messages } from './anthropic-messages';
import { errorAnswer } from './compat-answers';
import { apiOf, compatRoute, type CompatDeps } from './compat-call';
import type { CompatConfig } from './compat-config';
import { CompatError, toCompatFailure } from './compat-error';
import { createModelDirectory, type ModelDirectory } from './model-directory';
import { listModels, retrieveModel } from './models-list';
import { chatCompletions } from './openai-chat';
import { imageEdits, imageGenerations } from './openai-images';
import { audioSpeech } from './openai-speech';

/**
 * Serves the OpenAI- and Anthropic-compatible routes under `/v1`:
 * `POST /v1/chat/completions`, `/v1/images/generations`,
 * `/v1/images/edits`, `/v1/audio/speech` and `/v1/messages`,
 * `GET /v1/models` (and `/v1/models/{id}`). Each takes the same path as
 * tRPC's `generate` (credential, key limits, rate limit, credits,
 * idempotency, cache, records) and answers in its API's shape, errors
 * included, with `x-switchyard-*` headers saying what happened.
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
  app.post('/v1/chat/completions', compatRoute(deps, chatCompletions));
  app.post('/v1/messages', compatRoute(deps, messages));
  app.post('/v1/images/generations', compatRoute(deps, imageGenerations));
  app.post('/v1/images/edits', compatRoute(deps, imageEdits));
  app.post('/v1/audio/speech', compatRoute(deps, audioSpeech));
  app.get('/v1/models', compatRoute(deps, listModels));
  app.get('/v1/models/:id{.+}', compatRoute(deps, retrieveModel));
  app.all(
    '/v1/*',
    compatRoute(deps, (call) => {
      throw new CompatError({
        status: 404,
        code: 'not_found',
        message: `No route ${call.request.req.method} ${call.request.req.path}. The /v1 routes: POST chat/completions, messages, images/generations, images/edits, audio/speech; GET models.`,
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
