import { attemptSchema } from '@switchyard/core';
import { z } from 'zod';

// What the OpenAI-compatible routes answer, field for field: the handlers
// build these types, and /openapi.json describes them from these schemas.

/** OpenAI's `error.type`, from the answer's status. */
export const openAIErrorTypeSchema = z.enum([
  'invalid_request_error',
  'authentication_error',
  'insufficient_quota',
  'permission_error',
  'rate_limit_error',
  'server_error',
]);
export type OpenAIErrorType = z.infer<typeof openAIErrorTypeSchema>;

export const openAIErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: openAIErrorTypeSchema,
      param: z.string().nullable().meta({
        description: 'The request field at fault, in OpenAI’s names.',
      }),
      code: z.string().meta({
        description:
          'The Switchyard error code (`rate_limited`, `timeout`, …), or the route’s own: `model_not_found`, `invalid_api_key`, `permission_denied`.',
      }),
      attempts: z.array(attemptSchema).optional().meta({
        description: 'Every attempt of a routed call that failed.',
      }),
    }),
  })
  .meta({ id: 'OpenAIError', description: 'An error, as OpenAI sends it.' });
export type OpenAIError = z.infer<typeof openAIErrorSchema>;

export const finishReasonSchema = z.enum([
  'stop',
  'length',
  'content_filter',
  'tool_calls',
]);

const usageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
export type OpenAIUsage = z.infer<typeof usageSchema>;

const created = z.number().int().meta({ description: 'Unix seconds.' });

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created,
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal('assistant'),
          content: z.string(),
          refusal: z.null(),
        }),
        finish_reason: finishReasonSchema,
        logprobs: z.null(),
      }),
    ),
    usage: usageSchema,
  })
  .meta({ id: 'ChatCompletion' });
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chatCompletionChunkSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created,
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        delta: z.object({
          role: z.literal('assistant').optional(),
          content: z.string().optional(),
        }),
        finish_reason: finishReasonSchema.nullable(),
        logprobs: z.null(),
      }),
    ),
    usage: usageSchema.optional().meta({
      description:
        'With `stream_options: { include_usage: true }`: on a last chunk whose `choices` is empty.',
    }),
  })
  .meta({
    id: 'ChatCompletionChunk',
    description:
      'With `stream: true`: each `data:` line is one chunk as JSON (an error after text has gone out is an `OpenAIError`, then the stream ends); a finished stream ends with `data: [DONE]`.',
  });
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

/** One image: inline (`b64_json`) or a URL (the provider's, or a `data:` URL). */
const imageDataSchema = z.union([
  z.object({
    b64_json: z.string(),
    revised_prompt: z.string().optional(),
  }),
  z.object({
    url: z.string(),
    revised_prompt: z.string().optional(),
  }),
]);

export const imagesResponseSchema = z
  .object({
    created,
    data: z.array(imageDataSchema),
  })
  .meta({ id: 'ImagesResponse' });
export type ImagesResponse = z.infer<typeof imagesResponseSchema>;

export const openAIModelSchema = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.literal(0).meta({ description: 'Unknown: always 0.' }),
    owned_by: z.string().meta({
      description: 'The instance that serves it, or `switchyard` for a route.',
    }),
  })
  .meta({ id: 'OpenAIModel' });
export type OpenAIModel = z.infer<typeof openAIModelSchema>;

export const openAIModelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(openAIModelSchema),
  })
  .meta({ id: 'OpenAIModelList' });
export type OpenAIModelList = z.infer<typeof openAIModelListSchema>;
