import { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { anthropicErrorSchema } from '../compat/anthropic-answer-schemas';
import {
  callHeadersSchema,
  retryHeadersSchema,
} from '../compat/compat-answers';
import { openAIErrorSchema } from '../compat/openai-answer-schemas';

/** Security of the compatible routes: a key as a bearer token or in `x-api-key`. */
const COMPAT_SECURITY: ZodOpenApiOperationObject['security'] = [
  { bearer: [] },
  { apiKey: [] },
];

/** The statuses a `/v1` route answers an error with, and what each means. */
const ERROR_STATUSES = {
  '400':
    'The body does not validate, or asks for what the gateway does not support (tools, JSON mode, …); `param` names the field (`invalid_request`).',
  '401':
    'No key, or one that is unknown, revoked or expired (`invalid_api_key`, or why a token was refused).',
  '402': 'The key’s credits do not cover the call (`quota_exceeded`).',
  '403':
    'The key’s or token’s limits do not allow this route, type or provider (`permission_denied`, or the token’s refusal).',
  '404':
    '`model` names nothing this gateway serves (`model_not_found`), or the provider has no such model (`not_found`).',
  '413': 'The body is larger than `http.maxBodyBytes`.',
  '422':
    'The provider refused the content (`content_policy`), or no model of the route can serve the request (`unsupported`).',
  '429':
    'Rate limited: the key’s own rate limit, or every provider (`rate_limited`). `Retry-After` says how long to wait, when that is known.',
  '5XX':
    'The call failed at every target: `server_error`, `network`, `invalid_response`, `auth` (502), `overloaded`, `model_loading` (503), `timeout` (504), `unknown` (500); `attempts` lists every try.',
} as const;

type ErrorStatus = keyof typeof ERROR_STATUSES;

/** The error statuses of a route that calls a provider. */
export const CALL_ERRORS: readonly ErrorStatus[] = Object.keys(
  ERROR_STATUSES,
) as ErrorStatus[];

/** The formats an error comes in: OpenAI's, Anthropic's, or either (by `anthropic-version`). */
export type ErrorFormat = 'openai' | 'anthropic' | 'either';

const ERROR_SCHEMAS: Record<ErrorFormat, z.ZodType> = {
  openai: openAIErrorSchema,
  anthropic: anthropicErrorSchema,
  either: z.union([openAIErrorSchema, anthropicErrorSchema]).meta({
    description:
      'OpenAI’s format; Anthropic’s for a request with `anthropic-version`.',
  }),
};

/** Every header of a `/v1` answer, each also a component (`components.headers`). */
const HEADERS: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries({
    ...callHeadersSchema.shape,
    ...retryHeadersSchema.shape,
  }).map(([name, schema]) => [name, schema.meta({ header: { id: name } })]),
);

/** The headers of `schema`, as the components of {@link HEADERS}. */
function headersOf(schema: z.ZodObject): z.ZodObject {
  return z.object(
    Object.fromEntries(
      Object.keys(schema.shape).map((name) => [
        name,
        HEADERS[name] ?? z.never(),
      ]),
    ),
  );
}

const CALL_HEADERS = headersOf(callHeadersSchema);
const RATE_LIMITED_HEADERS = headersOf(
  callHeadersSchema.extend(retryHeadersSchema.shape),
);

function errorResponses(
  statuses: readonly ErrorStatus[],
  format: ErrorFormat,
): ZodOpenApiResponsesObject {
  const content = { 'application/json': { schema: ERROR_SCHEMAS[format] } };
  return Object.fromEntries(
    statuses.map((status): [string, ZodOpenApiResponseObject] => [
      status,
      {
        description: ERROR_STATUSES[status],
        headers: status === '429' ? RATE_LIMITED_HEADERS : CALL_HEADERS,
        content,
      },
    ]),
  );
}

/** The headers of an answer: the call's, and `more` (not components). */
export function callHeaders(more: z.ZodRawShape = {}): z.ZodObject {
  return CALL_HEADERS.extend(more);
}

/** A 200 answer: its description and its bodies by media type, with the call's headers. */
export function answer(
  description: string,
  content: Record<string, z.ZodType>,
): ZodOpenApiResponseObject {
  return {
    description,
    headers: CALL_HEADERS,
    content: Object.fromEntries(
      Object.entries(content).map(([type, schema]) => [type, { schema }]),
    ),
  };
}

/** One `/v1` operation: its request body (if any), its answers and its errors. */
export function operation(options: {
  id: string;
  tag: 'openai-compatible' | 'anthropic-compatible';
  summary: string;
  description?: string;
  request?: { type: string; schema: z.ZodType };
  responses: ZodOpenApiResponsesObject;
  errors: { statuses: readonly ErrorStatus[]; format: ErrorFormat };
  headers?: z.ZodObject;
  path?: z.ZodObject;
}): ZodOpenApiOperationObject {
  const { request } = options;
  return {
    operationId: options.id,
    tags: [options.tag],
    summary: options.summary,
    ...(options.description === undefined
      ? {}
      : { description: options.description }),
    security: COMPAT_SECURITY,
    ...(options.headers === undefined && options.path === undefined
      ? {}
      : {
          requestParams: {
            ...(options.headers === undefined
              ? {}
              : { header: options.headers }),
            ...(options.path === undefined ? {} : { path: options.path }),
          },
        }),
    ...(request === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { [request.type]: { schema: request.schema } },
          },
        }),
    responses: {
      ...options.responses,
      ...errorResponses(options.errors.statuses, options.errors.format),
    },
  };
}

/** `Idempotency-Key`: the same key never charges or generates twice. */
export const IDEMPOTENCY_HEADER = z.object({
  'idempotency-key': z.string().optional().meta({
    description:
      'The same key never charges or generates twice (streams take none).',
  }),
});

/** `anthropic-version`: what Anthropic's SDK sends. */
export const ANTHROPIC_VERSION_HEADER = z.object({
  'anthropic-version': z.string().optional().meta({
    description:
      'Sent by Anthropic’s SDK. On `/v1/models` it asks for Anthropic’s shape (text models only); on any `/v1` route, errors then come in Anthropic’s format.',
    example: '2023-06-01',
  }),
});
