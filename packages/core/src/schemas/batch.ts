import { z } from 'zod';
import { errorCodeSchema } from '../errors/codes';
import { LIMITS } from './common';
import { imagePixels } from './image';
import {
  attemptSchema,
  generateInputSchema,
  generateResultSchema,
} from './generate';

/** Most items in one `generateBatch` call. */
export const MAX_BATCH_ITEMS = 100;

/**
 * The `generateBatch` input: up to 100 `generate` inputs of any type, whose
 * image items ask for at most {@link LIMITS.imagePixelsPerBatch} pixels together.
 */
export const generateBatchInputSchema = z.object({
  items: z
    .array(generateInputSchema)
    .min(1)
    .max(MAX_BATCH_ITEMS)
    .superRefine((items, context) => {
      const pixels = items.reduce(
        (sum, item) => sum + (item.type === 'image' ? imagePixels(item) : 0),
        0,
      );
      if (pixels > LIMITS.imagePixelsPerBatch) {
        context.addIssue({
          code: 'custom',
          message: `this batch asks for ${pixels} pixels over its image items (n × width × height each); the limit is ${LIMITS.imagePixelsPerBatch} per batch: split it into smaller batches.`,
        });
      }
    }),
  /** Items run at once. Default 4. */
  concurrency: z.number().int().min(1).max(16).default(4),
  /**
   * Default true: every item runs whatever the others do. False: once an
   * item fails, items not yet started are not run (they report `cancelled`).
   */
  continueOnError: z.boolean().default(true),
});
export type GenerateBatchInput = z.input<typeof generateBatchInputSchema>;

/** Why one batch item failed: the error `generate` would have thrown. */
export const batchItemErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  retryAfterMs: z.number().nonnegative().optional(),
  attempts: z.array(attemptSchema).optional(),
});
export type BatchItemError = z.infer<typeof batchItemErrorSchema>;

/** One item's outcome, at its input index. */
export const batchItemOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    index: z.number().int(),
    ok: z.literal(true),
    result: generateResultSchema,
  }),
  z.object({
    index: z.number().int(),
    ok: z.literal(false),
    error: batchItemErrorSchema,
  }),
]);
export type BatchItemOutcome = z.infer<typeof batchItemOutcomeSchema>;

/** The `generateBatch` output: one outcome per item, in input order. */
export const generateBatchResultSchema = z.object({
  items: z.array(batchItemOutcomeSchema),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type GenerateBatchResult = z.infer<typeof generateBatchResultSchema>;
