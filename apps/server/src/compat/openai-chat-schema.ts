import type { FinishReason, Message, TextRequest } from '@switchyard/core';
import { z } from 'zod';

/** The longest `model` field taken (a route name or `instance:model`). */
export const MODEL_FIELD_MAX = 600;

/** The `model` field of every `/v1` request. */
export const modelFieldSchema = z.string().min(1).max(MODEL_FIELD_MAX);

const NOT_SUPPORTED =
  'is not supported by this gateway (text in, text out only)';

/** A text content part; images, audio and files are refused, never dropped. */
export const textPartSchema = z.object({
  type: z.literal('text', {
    error: 'only text content parts are supported (not images, audio or files)',
  }),
  text: z.string(),
});

/** Nothing, or an empty list: the tools fields this gateway does not serve. */
const noTools = z.array(z.unknown()).max(0, `tools ${NOT_SUPPORTED}`).nullish();

/**
 * The `POST /v1/chat/completions` fields this gateway honours (others are
 * ignored); fields it cannot honour (tools, `n` > 1, JSON mode, logprobs)
 * are refused with 400 rather than silently dropped.
 */
export const chatCompletionRequestSchema = z.object({
  model: modelFieldSchema,
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant'], {
          error:
            'roles are system, developer, user and assistant (tool messages are not supported)',
        }),
        content: z.union([z.string(), z.array(textPartSchema)], {
          error: 'content is a string or a list of text parts',
        }),
      }),
    )
    .min(1),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  n: z.literal(1, { error: 'n must be 1: one choice per request' }).nullish(),
  tools: noTools,
  functions: noTools,
  response_format: z
    .object({
      type: z.literal('text', { error: `JSON mode ${NOT_SUPPORTED}` }),
    })
    .nullish(),
  logprobs: z.literal(false, { error: `logprobs ${NOT_SUPPORTED}` }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** Our field names of a text input, back in OpenAI's (for `param`). */
export const CHAT_FIELD_NAMES: Readonly<Record<string, string>> = {
  maxTokens: 'max_tokens',
  topP: 'top_p',
};

/** The text of a message's content: a string, or its text parts joined. */
export function contentText(
  content: string | ReadonlyArray<{ text: string }>,
): string {
  return typeof content === 'string'
    ? content
    : content.map((part) => part.text).join('');
}

/** A chat completion request as the text input's model request. */
export function chatTextRequest(body: ChatCompletionRequest): TextRequest {
  const messages: Message[] = body.messages.map((message) => ({
    role: message.role === 'developer' ? 'system' : message.role,
    content: contentText(message.content),
  }));
  return {
    messages,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    stop:
      body.stop === null || body.stop === undefined
        ? undefined
        : [body.stop].flat(),
    seed: body.seed ?? undefined,
  };
}

/** OpenAI's `finish_reason` for ours. */
export function openAIFinishReason(
  reason: FinishReason,
): 'stop' | 'length' | 'content_filter' | 'tool_calls' {
  switch (reason) {
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content_filter';
    case 'tool-calls':
      return 'tool_calls';
    case 'stop':
    case 'error':
    case 'other':
      return 'stop';
  }
}
