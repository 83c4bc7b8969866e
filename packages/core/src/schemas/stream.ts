import { z } from 'zod';
import { costSchema, usageSchema } from './common';
import { errorCodeSchema } from '../errors/codes';
import { fallbackReasonSchema } from '../engine/reasons';
import { attemptSchema, textGenerateInputSchema } from './generate';
import { finishReasonSchema } from './text';

/**
 * The `generateStream` input: a text `generate` input. Streams are neither
 * cached nor idempotent (a repeat would replay nothing), so those fields are
 * not taken.
 */
export const textStreamInputSchema = textGenerateInputSchema
  .omit({ idempotencyKey: true, cache: true })
  .extend({
    /**
     * Set by the client, not by the caller: the id of the last event it got,
     * sent when it reconnects to a stream that was cut. Such a stream is
     * refused with an `error` event, never generated again.
     */
    lastEventId: z.string().optional(),
  });
export type TextStreamInput = z.infer<typeof textStreamInputSchema>;

const targetSchema = z.object({ provider: z.string(), model: z.string() });

/** One event of a text stream, in the order they come. */
export const textStreamEventSchema = z.discriminatedUnion('type', [
  /** A call to a target is starting (`attempt` counts from 1 per target). */
  z.object({
    type: z.literal('attempt-start'),
    provider: z.string(),
    model: z.string(),
    attempt: z.number().int().positive(),
  }),
  /** The call moved on to the next target before any text was sent. */
  z.object({
    type: z.literal('fallback'),
    from: targetSchema,
    to: targetSchema,
    reason: fallbackReasonSchema,
  }),
  /** More text. */
  z.object({ type: z.literal('text-delta'), text: z.string() }),
  /** The answer is complete. */
  z.object({
    type: z.literal('end'),
    id: z.string(),
    provider: z.string(),
    model: z.string(),
    finishReason: finishReasonSchema,
    usage: usageSchema,
    cost: costSchema,
    fallbackUsed: z.boolean(),
    attempts: z.array(attemptSchema),
    latencyMs: z.number().nonnegative(),
  }),
  /**
   * The stream failed. `incomplete` is true when text had already been sent:
   * `delivered` is all of it, and the answer is cut short.
   */
  z.object({
    type: z.literal('error'),
    id: z.string(),
    code: errorCodeSchema,
    message: z.string(),
    incomplete: z.boolean(),
    delivered: z.string(),
    provider: z.string().optional(),
    retryAfterMs: z.number().nonnegative().optional(),
    attempts: z.array(attemptSchema),
  }),
]);
export type TextStreamEvent = z.infer<typeof textStreamEventSchema>;
