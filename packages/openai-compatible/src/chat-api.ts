import { z } from 'zod';
import type { Message } from '@switchyard/core';

const usageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative().nullish(),
    completion_tokens: z.number().int().nonnegative().nullish(),
    total_tokens: z.number().int().nonnegative().nullish(),
  })
  .nullish();
export type ChatUsage = z.infer<typeof usageSchema>;

/** The fields of a chat completion we read. */
export const chatCompletionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema,
});

/** An error object sent in place of a chunk, in the middle of a stream. */
const streamErrorSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

/** The fields of one streamed chunk we read; `error` when the upstream failed mid-stream. */
export const chatCompletionChunkSchema = z.object({
  error: streamErrorSchema.nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

/** One message of a chat completion request. */
export interface ChatMessage {
  role: Message['role'];
  content: string;
}

/** The body of `POST /chat/completions` (the fields Switchyard sends). */
export interface ChatCompletionBody {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  seed?: number;
  stream?: true;
  stream_options?: { include_usage: true };
}

/** A chat completion body with the API's own fields (from `providerOptions`) on top. */
export type ChatRequestBody = ChatCompletionBody & Record<string, unknown>;
