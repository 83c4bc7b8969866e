import { z } from 'zod';

// The OpenAI- and Anthropic-compatible routes' bodies, described for
// /openapi.json in the shape those APIs publish: the fields the gateway reads
// and writes, each request open to the fields it ignores. Minimal on purpose:
// the routes' own zod request schemas (src/compat/) are what they accept.

export const openAIErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable().optional(),
      code: z.string().nullable().optional(),
    }),
  })
  .meta({ id: 'OpenAIError', description: 'An error, as OpenAI sends it.' });

export const anthropicErrorSchema = z
  .object({
    type: z.literal('error'),
    error: z.object({ type: z.string(), message: z.string() }),
  })
  .meta({
    id: 'AnthropicError',
    description: 'An error, as Anthropic sends it.',
  });

const model = z
  .string()
  .meta({ description: 'A route name, or `instance:model`.' });

const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([
    z.string(),
    z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
    z.null(),
  ]),
});

export const chatCompletionRequestSchema = z
  .looseObject({
    model,
    messages: z.array(chatMessageSchema).min(1),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    stop: z.union([z.string(), z.array(z.string())]).optional(),
    stream: z.boolean().optional(),
  })
  .meta({ id: 'ChatCompletionRequest' });

const usageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal('assistant'),
          content: z.string().nullable(),
        }),
        finish_reason: z.string().nullable(),
      }),
    ),
    usage: usageSchema.optional(),
  })
  .meta({ id: 'ChatCompletion' });

export const chatCompletionChunkSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        delta: z.object({
          role: z.literal('assistant').optional(),
          content: z.string().optional(),
        }),
        finish_reason: z.string().nullable(),
      }),
    ),
  })
  .meta({
    id: 'ChatCompletionChunk',
    description:
      'With `stream: true`: each `data:` line is one chunk as JSON; the last line is `data: [DONE]`.',
  });

export const imageGenerationRequestSchema = z
  .looseObject({
    prompt: z.string().min(1),
    model: model.optional(),
    n: z.number().int().min(1).max(16).optional(),
    size: z
      .string()
      .regex(/^\d+x\d+$/)
      .optional()
      .meta({ example: '1024x1024' }),
    response_format: z.enum(['b64_json', 'url']).optional(),
  })
  .meta({ id: 'ImageGenerationRequest' });

export const imageEditRequestSchema = z
  .looseObject({
    image: z
      .string()
      .meta({ format: 'binary', description: 'The image to edit (a file).' }),
    mask: z.string().optional().meta({
      format: 'binary',
      description: 'Where to edit: transparent pixels (a file).',
    }),
    prompt: z.string().min(1),
    model: model.optional(),
    n: z.string().optional().meta({ description: 'A count, 1 to 16.' }),
    size: z.string().optional().meta({ example: '1024x1024' }),
    response_format: z.enum(['b64_json', 'url']).optional(),
  })
  .meta({ id: 'ImageEditRequest' });

export const imagesResponseSchema = z
  .object({
    created: z.number().int(),
    data: z.array(
      z.object({
        b64_json: z.string().optional(),
        url: z.string().optional(),
        revised_prompt: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ImagesResponse' });

export const speechRequestSchema = z
  .looseObject({
    model,
    input: z.string().min(1).max(4096),
    voice: z.string(),
    response_format: z
      .enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'])
      .optional(),
    speed: z.number().min(0.25).max(4).optional(),
    instructions: z.string().optional(),
  })
  .meta({ id: 'SpeechRequest' });

export const modelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal('model'),
        created: z.number().int(),
        owned_by: z.string(),
      }),
    ),
  })
  .meta({ id: 'ModelList' });

const anthropicContentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
]);

export const messagesRequestSchema = z
  .looseObject({
    model,
    max_tokens: z.number().int().positive(),
    messages: z
      .array(
        z.object({
          role: z.enum(['user', 'assistant']),
          content: anthropicContentSchema,
        }),
      )
      .min(1),
    system: anthropicContentSchema.optional(),
    temperature: z.number().min(0).max(1).optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
  })
  .meta({ id: 'MessagesRequest' });

export const messageSchema = z
  .object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(z.object({ type: z.literal('text'), text: z.string() })),
    stop_reason: z.string().nullable(),
    usage: z.object({
      input_tokens: z.number().int(),
      output_tokens: z.number().int(),
    }),
  })
  .meta({ id: 'Message' });

export const messageStreamEventSchema = z
  .looseObject({
    type: z.enum([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
      'ping',
      'error',
    ]),
  })
  .meta({
    id: 'MessageStreamEvent',
    description:
      'With `stream: true`: Anthropic’s events (`event: <type>` then `data: <json>`), ending with `message_stop`.',
  });
