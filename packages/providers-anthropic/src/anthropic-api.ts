import { z } from 'zod';

const usageSchema = z
  .object({
    input_tokens: z.number().int().nonnegative().nullish(),
    output_tokens: z.number().int().nonnegative().nullish(),
  })
  .nullish();

/** The fields of a Messages answer we read. */
export const messageSchema = z.object({
  model: z.string().nullish(),
  content: z.array(z.object({ type: z.string(), text: z.string().nullish() })),
  stop_reason: z.string().nullish(),
  usage: usageSchema,
});

/** The stream events we read; others (ping, content_block_start/stop) are skipped. */
export const streamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({ model: z.string().nullish(), usage: usageSchema }),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    delta: z.object({ type: z.string(), text: z.string().nullish() }),
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: usageSchema,
  }),
  z.object({
    type: z.literal('error'),
    error: z.object({
      type: z.string().nullish(),
      message: z.string().nullish(),
    }),
  }),
  z.object({
    type: z.enum([
      'ping',
      'message_stop',
      'content_block_start',
      'content_block_stop',
    ]),
  }),
]);

/** The body of `POST /messages` (the fields Switchyard sends). */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  top_k?: number;
  stream?: true;
}
