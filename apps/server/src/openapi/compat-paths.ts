import { z } from 'zod';
import type { ZodOpenApiPathItemObject } from 'zod-openapi';
import {
  anthropicModelListSchema,
  anthropicModelSchema,
  messageSchema,
  messageStreamEventSchema,
} from '../compat/anthropic-answer-schemas';
import { messagesRequestSchema } from '../compat/anthropic-messages';
import type { CompatPath } from '../compat/mount-compat';
import {
  chatCompletionChunkSchema,
  chatCompletionSchema,
  imagesResponseSchema,
  openAIErrorSchema,
  openAIModelListSchema,
  openAIModelSchema,
} from '../compat/openai-answer-schemas';
import { chatCompletionRequestSchema } from '../compat/openai-chat-schema';
import {
  imageEditRequestSchema,
  imageGenerationRequestSchema,
} from '../compat/openai-images';
import { speechRequestSchema } from '../compat/openai-speech';
import {
  ANTHROPIC_VERSION_HEADER,
  answer,
  CALL_ERRORS,
  callHeaders,
  IDEMPOTENCY_HEADER,
  operation,
} from './compat-operations';

const file = z.string().meta({ format: 'binary' });

/**
 * The `/v1/images/edits` form: the route's own fields, and the files it
 * reads apart (`image`, or several `image[]`, and `mask`).
 */
const imageEditFormSchema = imageEditRequestSchema
  .extend({
    image: file.optional().meta({
      description:
        'The image to edit: a PNG, JPEG or WebP file. This or `image[]` is required.',
    }),
    'image[]': z.array(file).optional().meta({
      description: 'Several images to edit from (the field repeated).',
    }),
    mask: file.optional().meta({
      description: 'Where to edit: a PNG whose transparent pixels mark it.',
    }),
  })
  .meta({
    description:
      'A multipart form: the image fields, and the files. `n` and `seed` are sent as text.',
  });

/**
 * The request bodies of the `/v1` routes, named in `components.schemas`:
 * the routes' own zod schemas, what they validate. (The answers' schemas,
 * which the handlers build, name themselves with `meta({ id })`.)
 */
export const COMPAT_REQUEST_COMPONENTS = {
  ChatCompletionRequest: chatCompletionRequestSchema,
  ImageGenerationRequest: imageGenerationRequestSchema,
  ImageEditRequest: imageEditFormSchema,
  SpeechRequest: speechRequestSchema,
  MessagesRequest: messagesRequestSchema,
};

const openAI = { tag: 'openai-compatible' } as const;
const openAIErrors = { statuses: CALL_ERRORS, format: 'openai' } as const;
const json = (schema: z.ZodType) => ({ type: 'application/json', schema });

const SEE_MODEL =
  '`model` is `route:NAME`, a target `instance:model`, a name `compat.models` maps, or a bare model id one target of the type’s routes has.';

function chatCompletions(): ZodOpenApiPathItemObject {
  return {
    post: operation({
      ...openAI,
      id: 'openai-chat-completions',
      summary:
        'OpenAI Chat Completions: a text route answers; `stream: true` for server-sent chunks.',
      description: `${SEE_MODEL} Fields the gateway cannot honour (tools, \`n\` > 1, JSON mode, logprobs, non-text parts) are refused with 400; other unknown fields are ignored.`,
      request: json(chatCompletionRequestSchema),
      headers: IDEMPOTENCY_HEADER,
      responses: {
        '200': answer('The completion, or its chunks when streamed.', {
          'application/json': chatCompletionSchema,
          'text/event-stream': z.union([
            chatCompletionChunkSchema,
            openAIErrorSchema,
          ]),
        }),
      },
      errors: openAIErrors,
    }),
  };
}

const images = (description: string) =>
  answer(description, { 'application/json': imagesResponseSchema });

function imageRoutes(): Record<
  '/v1/images/generations' | '/v1/images/edits',
  ZodOpenApiPathItemObject
> {
  return {
    '/v1/images/generations': {
      post: operation({
        ...openAI,
        id: 'openai-images-generations',
        summary: 'OpenAI Images: an image route draws `n` images.',
        description: `${SEE_MODEL} Without \`model\`: the \`image\` route. \`seed\` is not OpenAI’s: a seeded model repeats itself.`,
        request: json(imageGenerationRequestSchema),
        headers: IDEMPOTENCY_HEADER,
        responses: {
          '200': images(
            'The images: `url` by default (the provider’s, or a `data:` URL), `b64_json` when asked for and the image is inline.',
          ),
        },
        errors: openAIErrors,
      }),
    },
    '/v1/images/edits': {
      post: operation({
        ...openAI,
        id: 'openai-images-edits',
        summary:
          'OpenAI image edits: a multipart form with the image (and a mask).',
        description:
          'An image call with the uploaded images as `referenceImages` (and `mask`); models that cannot edit are skipped.',
        request: { type: 'multipart/form-data', schema: imageEditFormSchema },
        headers: IDEMPOTENCY_HEADER,
        responses: { '200': images('The edited images.') },
        errors: openAIErrors,
      }),
    },
  };
}

function audioSpeech(): ZodOpenApiPathItemObject {
  return {
    post: operation({
      ...openAI,
      id: 'openai-audio-speech',
      summary: 'OpenAI speech: a speech route reads `input` aloud.',
      description:
        'Without `response_format`: the serving model’s first format. `voice` must be one the model speaks.',
      request: json(speechRequestSchema),
      headers: IDEMPOTENCY_HEADER,
      responses: {
        '200': answer('The audio file, with its content type.', {
          'audio/*': file,
        }),
        '302': {
          description: 'Audio the provider only hosts: `Location` is its URL.',
          headers: callHeaders({ location: z.string() }),
        },
      },
      errors: openAIErrors,
    }),
  };
}

function modelRoutes(): Record<
  '/v1/models' | '/v1/models/{id}',
  ZodOpenApiPathItemObject
> {
  const errors = { statuses: ['401'], format: 'either' } as const;
  return {
    '/v1/models': {
      get: operation({
        ...openAI,
        id: 'openai-models',
        summary:
          'The routes, route targets and mapped names the key may use (OpenAI’s list; Anthropic’s, text models only, with `anthropic-version`).',
        headers: ANTHROPIC_VERSION_HEADER,
        responses: {
          '200': answer('The models.', {
            'application/json': z.union([
              openAIModelListSchema,
              anthropicModelListSchema,
            ]),
          }),
        },
        errors,
      }),
    },
    '/v1/models/{id}': {
      get: operation({
        ...openAI,
        id: 'openai-model',
        summary: 'One model of `GET /v1/models`.',
        headers: ANTHROPIC_VERSION_HEADER,
        path: z.object({
          id: z.string().meta({
            description:
              'A model id as `GET /v1/models` lists it; it may hold `/` (`fal:fal-ai/flux/schnell`).',
          }),
        }),
        responses: {
          '200': answer('The model.', {
            'application/json': z.union([
              openAIModelSchema,
              anthropicModelSchema,
            ]),
          }),
        },
        errors: { statuses: ['401', '404'], format: 'either' },
      }),
    },
  };
}

function anthropicMessages(): ZodOpenApiPathItemObject {
  return {
    post: operation({
      id: 'anthropic-messages',
      tag: 'anthropic-compatible',
      summary:
        'Anthropic Messages: a text route answers; `stream: true` for Anthropic’s events.',
      description: `${SEE_MODEL} Tools and non-text blocks are refused with 400; other unknown fields (\`top_k\`, \`thinking\`) are ignored.`,
      request: json(messagesRequestSchema),
      headers: ANTHROPIC_VERSION_HEADER.extend(IDEMPOTENCY_HEADER.shape),
      responses: {
        '200': answer('The message, or its events when streamed.', {
          'application/json': messageSchema,
          'text/event-stream': messageStreamEventSchema,
        }),
      },
      errors: { statuses: CALL_ERRORS, format: 'anthropic' },
    }),
  };
}

/**
 * The path items of the `/v1` routes (every one of `COMPAT_ROUTES`): the
 * OpenAI-compatible chat completions, images, image edits, speech and
 * models, and the Anthropic-compatible messages, for `/openapi.json`. They
 * use the `bearer` and `apiKey` security schemes; every answer carries the
 * `x-switchyard-*` headers, and errors come in the API's own format.
 */
export function compatPaths(): Record<CompatPath, ZodOpenApiPathItemObject> {
  return {
    '/v1/chat/completions': chatCompletions(),
    '/v1/messages': anthropicMessages(),
    ...imageRoutes(),
    '/v1/audio/speech': audioSpeech(),
    ...modelRoutes(),
  };
}
