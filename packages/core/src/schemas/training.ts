import { z } from 'zod';
import { LIMITS, modelIdSchema, providerOptionsSchema } from './common';
import { referenceImageSchema } from './image';

/**
 * A training request as every training model receives it: a handful of
 * photos and the word that calls up what they show, trained onto a base
 * model into a custom image model.
 */
export const trainingRequestSchema = z.object({
  /** The training photos, by URL or inline base64. */
  images: z.array(referenceImageSchema).min(1).max(LIMITS.trainingImages),
  /** The word prompts use to call up the trained subject or style (`TOK`, `sks_dog`). */
  triggerWord: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'one word: letters, digits, _ or -'),
  /** A name for the trained model (shown in listings; some providers name the model after it). */
  name: z.string().min(1).max(128),
  /** The model to train on; default the trainer's own. */
  baseModel: modelIdSchema.optional(),
  /** Training steps; default the trainer's own. */
  steps: z.number().int().min(1).max(10_000).optional(),
  /** The trainer (a route target's model is used when absent). */
  model: modelIdSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
export type TrainingRequest = z.infer<typeof trainingRequestSchema>;

/** A trained model, as a training result names it. */
export const trainedModelSchema = z.object({
  /**
   * The reference later calls target: `instance:model-id`, as `model` in a
   * `generate` call or as a route target. The gateway sends such a call to
   * this instance only.
   */
  model: z
    .string()
    .min(3)
    .max(LIMITS.instanceName + 1 + LIMITS.modelId),
  /** The provider instance that holds it. */
  instance: z.string().min(1),
  /** Its id at the provider. */
  modelId: modelIdSchema,
  /** What it generates. */
  kind: z.literal('image'),
  name: z.string(),
  triggerWord: z.string(),
  baseModel: z.string().optional(),
  /** Where the provider keeps the trained weights, when it says. */
  weightsUrl: z.url().optional(),
});
export type TrainedModel = z.infer<typeof trainedModelSchema>;
