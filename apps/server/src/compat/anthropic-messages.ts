import {
  randomId,
  textStreamInputSchema,
  type FinishReason,
  type GenerateResult,
  type Message,
  type TextRequest,
  type Usage,
} from '@switchyard/core';
import { z } from 'zod';
import { openStream } from '../router-helpers';
import {
  anthropicErrorBody,
  jsonAnswer,
  summaryOfResult,
} from './compat-answers';
import {
  definedOnly,
  generateThrough,
  parseWith,
  readJson,
  type CompatCall,
} from './compat-call';
import type {
  AnthropicMessage,
  AnthropicUsage,
  MessageStreamEvent,
  StopReason,
} from './anthropic-answer-schemas';
import { sseEvent, streamAnswer, type StreamFormat } from './compat-stream';
import { routingFields } from './model-directory';
import {
  contentText,
  modelFieldSchema,
  textPartSchema,
} from './openai-chat-schema';

const textContent = z.union([z.string(), z.array(textPartSchema)], {
  error:
    'content is a string or a list of text blocks (images, documents and tool blocks are not supported)',
});

/**
 * The `POST /v1/messages` fields this gateway honours (others, such as
 * `top_k` and `thinking`, are ignored); tools are refused with 400.
 */
export const messagesRequestSchema = z.object({
  model: modelFieldSchema,
  max_tokens: z.number().int().min(1),
  messages: z
    .array(
      z.object({ role: z.enum(['user', 'assistant']), content: textContent }),
    )
    .min(1),
  system: textContent.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  stream: z.boolean().optional(),
  tools: z
    .array(z.unknown())
    .max(0, 'tools are not supported by this gateway (text in, text out only)')
    .optional(),
  metadata: z.object({ user_id: z.string().max(256).nullish() }).optional(),
});
type MessagesRequest = z.infer<typeof messagesRequestSchema>;

/** Our field names of a text input, back in Anthropic's. */
const MESSAGES_FIELD_NAMES = {
  maxTokens: 'max_tokens',
  stop: 'stop_sequences',
  topP: 'top_p',
};

/**
 * `POST /v1/messages` in Anthropic's shape: a text call through `generate`
 * (or, with `stream: true`, `generateStream`'s stream as `message_start`,
 * `content_block_delta`s and `message_stop`).
 */
export async function messages(call: CompatCall): Promise<Response> {
  const body = parseWith(messagesRequestSchema, await readJson(call.request));
  const userId = body.metadata?.user_id;
  const fields = definedOnly({
    type: 'text' as const,
    ...messagesTextRequest(body),
    ...routingFields(call.directory.resolve(body.model, 'text'), 'text'),
    metadata:
      userId === undefined || userId === null ? undefined : { user_id: userId },
  });
  if (body.stream === true) {
    const input = parseWith(
      textStreamInputSchema,
      fields,
      MESSAGES_FIELD_NAMES,
    );
    const upstream = new AbortController();
    return streamAnswer({
      events: await openStream({
        ctx: call.ctx,
        input,
        signal: AbortSignal.any([call.signal, upstream.signal]),
      }),
      format: messageEvents(call.ctx.requestId),
      api: 'anthropic',
      requestId: call.ctx.requestId,
      abort: () => upstream.abort(),
    });
  }
  const result = await generateThrough(call, fields, MESSAGES_FIELD_NAMES);
  return jsonAnswer({
    body: messageBody(result),
    summary: summaryOfResult(result),
  });
}

/** The system prompt, then the turns, as the text input's model request. */
function messagesTextRequest(body: MessagesRequest): TextRequest {
  const system: Message[] =
    body.system === undefined
      ? []
      : [{ role: 'system', content: contentText(body.system) }];
  return {
    messages: [
      ...system,
      ...body.messages.map((message) => ({
        role: message.role,
        content: contentText(message.content),
      })),
    ],
    maxTokens: body.max_tokens,
    stop: body.stop_sequences,
    temperature: body.temperature,
    topP: body.top_p,
  };
}

/** A `message`: one text block, the stop reason and usage in Anthropic's names. */
function messageBody(result: GenerateResult): AnthropicMessage {
  if (result.type !== 'text') throw new Error('a text call answered no text');
  return {
    id: result.id,
    type: 'message',
    role: 'assistant',
    model: result.model,
    content: [{ type: 'text', text: result.text }],
    stop_reason: stopReason(result.finishReason),
    stop_sequence: null,
    usage: anthropicUsage(result.usage),
  };
}

function anthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens ?? 0,
    output_tokens: usage.outputTokens ?? 0,
  };
}

function stopReason(reason: FinishReason): StopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'refusal';
    case 'tool-calls':
      return 'tool_use';
    case 'stop':
    case 'error':
    case 'other':
      return 'end_turn';
  }
}

/** One of Anthropic's stream events, named by its type. */
function streamEvent(event: MessageStreamEvent): string {
  return sseEvent(event, event.type);
}

/** Anthropic's stream events: one text block between `message_start` and `message_stop`. */
function messageEvents(requestId: string): StreamFormat {
  const id = randomId('msg_', 12);
  return {
    start: (head) => [
      streamEvent({
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: head.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }),
      streamEvent({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
    ],
    text: (text) => [
      streamEvent({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text },
      }),
    ],
    end: (event) => [
      streamEvent({ type: 'content_block_stop', index: 0 }),
      streamEvent({
        type: 'message_delta',
        delta: {
          stop_reason: stopReason(event.finishReason),
          stop_sequence: null,
        },
        usage: anthropicUsage(event.usage),
      }),
      streamEvent({ type: 'message_stop' }),
    ],
    error: (failure) => [streamEvent(anthropicErrorBody(failure, requestId))],
  };
}
