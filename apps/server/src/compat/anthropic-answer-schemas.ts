import { z } from 'zod';

// What the Anthropic-compatible answers hold, field for field: the handlers
// build these types, and /openapi.json describes them from these schemas.

/** Anthropic's `error.type`, from the answer's status. */
export const anthropicErrorTypeSchema = z.enum([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);
export type AnthropicErrorType = z.infer<typeof anthropicErrorTypeSchema>;

export const anthropicErrorSchema = z
  .object({
    type: z.literal('error'),
    error: z.object({ type: anthropicErrorTypeSchema, message: z.string() }),
    request_id: z.string(),
  })
  .meta({
    id: 'AnthropicError',
    description: 'An error, as Anthropic sends it.',
  });
export type AnthropicError = z.infer<typeof anthropicErrorSchema>;

export const stopReasonSchema = z.enum([
  'end_turn',
  'max_tokens',
  'refusal',
  'tool_use',
]);
export type StopReason = z.infer<typeof stopReasonSchema>;

const usageSchema = z.object({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
});
export type AnthropicUsage = z.infer<typeof usageSchema>;

const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() });

export const messageSchema = z
  .object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(textBlockSchema),
    stop_reason: stopReasonSchema,
    stop_sequence: z.null(),
    usage: usageSchema,
  })
  .meta({ id: 'Message' });
export type AnthropicMessage = z.infer<typeof messageSchema>;

export const messageStreamEventSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('message_start'),
      message: messageSchema.extend({
        content: z.array(textBlockSchema).max(0),
        stop_reason: z.null(),
      }),
    }),
    z.object({
      type: z.literal('content_block_start'),
      index: z.number().int(),
      content_block: textBlockSchema,
    }),
    z.object({
      type: z.literal('content_block_delta'),
      index: z.number().int(),
      delta: z.object({ type: z.literal('text_delta'), text: z.string() }),
    }),
    z.object({
      type: z.literal('content_block_stop'),
      index: z.number().int(),
    }),
    z.object({
      type: z.literal('message_delta'),
      delta: z.object({
        stop_reason: stopReasonSchema,
        stop_sequence: z.null(),
      }),
      usage: usageSchema,
    }),
    z.object({ type: z.literal('message_stop') }),
    anthropicErrorSchema,
  ])
  .meta({
    id: 'MessageStreamEvent',
    description:
      'With `stream: true`: Anthropic’s events, each `event: <type>` then `data:` this as JSON: `message_start`, `content_block_start`, `content_block_delta`s, `content_block_stop`, `message_delta`, `message_stop`; a failure after text has gone out is an `error` event, and the stream ends.',
  });
export type MessageStreamEvent = z.infer<typeof messageStreamEventSchema>;

export const anthropicModelSchema = z
  .object({
    type: z.literal('model'),
    id: z.string(),
    display_name: z.string(),
    created_at: z.iso
      .datetime()
      .meta({ description: 'Unknown: always the Unix epoch.' }),
  })
  .meta({ id: 'AnthropicModel' });
export type AnthropicModel = z.infer<typeof anthropicModelSchema>;

export const anthropicModelListSchema = z
  .object({
    data: z.array(anthropicModelSchema),
    has_more: z.boolean(),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
  })
  .meta({ id: 'AnthropicModelList' });
export type AnthropicModelList = z.infer<typeof anthropicModelListSchema>;
