import { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';
import {
  anthropicErrorSchema,
  chatCompletionChunkSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  imageEditRequestSchema,
  imageGenerationRequestSchema,
  imagesResponseSchema,
  messageSchema,
  messagesRequestSchema,
  messageStreamEventSchema,
  modelListSchema,
  openAIErrorSchema,
  speechRequestSchema,
} from './compat-schemas';

/** Security of the compatible routes: a key as a bearer token or in `x-api-key`. */
const COMPAT_SECURITY: ZodOpenApiOperationObject['security'] = [
  { bearer: [] },
  { apiKey: [] },
];

function errors(schema: z.ZodType): ZodOpenApiResponsesObject {
  const content = { 'application/json': { schema } };
  return {
    '400': { description: 'A request the route cannot serve.', content },
    '401': { description: 'No key, or an unknown one.', content },
    '429': { description: 'Rate limited.', content },
    default: { description: 'Any other error.', content },
  };
}

/** One operation: its request body (if any), its answer and its errors. */
function operation(options: {
  id: string;
  tag: 'openai-compatible' | 'anthropic-compatible';
  summary: string;
  request?: { type: string; schema: z.ZodType };
  response: { description: string; content: Record<string, z.ZodType> };
  errors: z.ZodType;
  extra?: Partial<ZodOpenApiOperationObject>;
}): ZodOpenApiOperationObject {
  const { request, response } = options;
  return {
    operationId: options.id,
    tags: [options.tag],
    summary: options.summary,
    security: COMPAT_SECURITY,
    ...(request === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { [request.type]: { schema: request.schema } },
          },
        }),
    responses: {
      '200': {
        description: response.description,
        content: Object.fromEntries(
          Object.entries(response.content).map(([type, schema]) => [
            type,
            { schema },
          ]),
        ),
      },
      ...errors(options.errors),
    },
    ...options.extra,
  };
}

const json = (schema: z.ZodType) => ({ type: 'application/json', schema });

/** The OpenAI-compatible operations, by path. */
function openAIPaths(): ZodOpenApiPathsObject {
  const openAI = {
    tag: 'openai-compatible',
    errors: openAIErrorSchema,
  } as const;
  const images = {
    description: 'The images, base64 or URLs.',
    content: { 'application/json': imagesResponseSchema },
  };
  return {
    '/v1/chat/completions': {
      post: operation({
        ...openAI,
        id: 'openai-chat-completions',
        summary:
          'OpenAI Chat Completions: a text route answers; `stream: true` for server-sent chunks.',
        request: json(chatCompletionRequestSchema),
        response: {
          description: 'The completion, or its chunks when streamed.',
          content: {
            'application/json': chatCompletionSchema,
            'text/event-stream': chatCompletionChunkSchema,
          },
        },
      }),
    },
    '/v1/images/generations': {
      post: operation({
        ...openAI,
        id: 'openai-images-generations',
        summary: 'OpenAI Images: an image route draws `n` images.',
        request: json(imageGenerationRequestSchema),
        response: images,
      }),
    },
    '/v1/images/edits': {
      post: operation({
        ...openAI,
        id: 'openai-images-edits',
        summary:
          'OpenAI image edits: a multipart form with the image (and a mask).',
        request: {
          type: 'multipart/form-data',
          schema: imageEditRequestSchema,
        },
        response: images,
      }),
    },
    '/v1/audio/speech': {
      post: operation({
        ...openAI,
        id: 'openai-audio-speech',
        summary: 'OpenAI speech: a speech route reads `input` aloud.',
        request: json(speechRequestSchema),
        response: {
          description: 'The audio file, in `response_format`.',
          content: { 'audio/*': z.string().meta({ format: 'binary' }) },
        },
      }),
    },
    '/v1/models': {
      get: operation({
        ...openAI,
        id: 'openai-models',
        summary: 'OpenAI models: the routes and models this gateway serves.',
        response: {
          description: 'The models.',
          content: { 'application/json': modelListSchema },
        },
      }),
    },
  };
}

/**
 * The path items of the OpenAI-compatible routes (`/v1/chat/completions`,
 * `/v1/images/generations`, `/v1/images/edits`, `/v1/audio/speech`,
 * `/v1/models`) and the Anthropic-compatible `/v1/messages`, for
 * `/openapi.json`. They use the `bearer` and `apiKey` security schemes.
 */
export function compatPaths(): ZodOpenApiPathsObject {
  return {
    ...openAIPaths(),
    '/v1/messages': {
      post: operation({
        id: 'anthropic-messages',
        tag: 'anthropic-compatible',
        summary:
          'Anthropic Messages: a text route answers; `stream: true` for Anthropic’s events.',
        request: json(messagesRequestSchema),
        response: {
          description: 'The message, or its events when streamed.',
          content: {
            'application/json': messageSchema,
            'text/event-stream': messageStreamEventSchema,
          },
        },
        errors: anthropicErrorSchema,
        extra: {
          requestParams: {
            header: z.object({
              'anthropic-version': z
                .string()
                .optional()
                .meta({ example: '2023-06-01' }),
            }),
          },
        },
      }),
    },
  };
}
