import { z } from 'zod';
import { LIMITS, modelIdSchema, providerOptionsSchema } from './common';

/** One chat message. */
export const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().max(LIMITS.messageContent),
});
export type Message = z.infer<typeof messageSchema>;

/** A text generation request: `messages`, or a single `prompt` (a user message). */
export const textRequestSchema = z
  .object({
    messages: z.array(messageSchema).min(1).max(LIMITS.messages).optional(),
    prompt: z.string().min(1).max(LIMITS.messageContent).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z
      .array(z.string().min(1).max(LIMITS.stopSequence))
      .max(LIMITS.stopSequences)
      .optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    model: modelIdSchema.optional(),
    providerOptions: providerOptionsSchema.optional(),
  })
  .refine(
    (request) =>
      (request.messages === undefined) !== (request.prompt === undefined),
    { message: 'give exactly one of messages or prompt', path: ['messages'] },
  );
/** A text generation request (the fields every text model understands). */
export type TextRequest = z.infer<typeof textRequestSchema>;

/** Why a text model stopped. */
export const finishReasonSchema = z.enum([
  'stop',
  'length',
  'content-filter',
  'tool-calls',
  'error',
  'other',
]);
export type FinishReason = z.infer<typeof finishReasonSchema>;

/** The messages of a text request, whether it gave `messages` or `prompt`. */
export function toMessages(request: TextRequest): Message[] {
  return request.messages ?? [{ role: 'user', content: request.prompt ?? '' }];
}
