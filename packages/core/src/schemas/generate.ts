import { z } from 'zod';
import {
  costSchema,
  LIMITS,
  resultCacheSettingsSchema,
  usageSchema,
  warningSchema,
} from './common';
import {
  generatedAudioSchema,
  musicRequestSchema,
  speechRequestSchema,
} from './audio';
import { generatedImageSchema, imageRequestSchema } from './image';
import { generatedVideoSchema, videoRequestSchema } from './video';
import { trainedModelSchema, trainingRequestSchema } from './training';
import { finishReasonSchema, textRequestSchema } from './text';
import { errorCodeSchema } from '../errors/codes';
import { skipReasonSchema } from '../engine/reasons';
import { requirementsSchema } from './routing';
// Every kind of model has a request schema: `generate` types are the model kinds.
import type { ModelKind } from '../provider/contract';

const instanceNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.instanceName)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'instance names are letters, digits, _ . -');

/** Routing fields a caller may add to any `generate` request. */
export const routingOptionsSchema = z.object({
  /** Named route from the config; defaults to the route named after `type`. */
  route: z.string().min(1).max(LIMITS.routeName).optional(),
  /** Force one provider instance (no fallback to others). */
  provider: instanceNameSchema.optional(),
  /** Reorder or restrict the route to these provider instances, in this order. */
  providers: z
    .array(instanceNameSchema)
    .min(1)
    .max(LIMITS.providersOverride)
    .optional(),
  /** Set false to try only the first target. Default true. */
  fallback: z.boolean().optional(),
  /**
   * What the serving target must meet (`quality`, `speed`, `budget`,
   * `maxLatencyMs`); targets that cannot are skipped with the reason.
   */
  requirements: requirementsSchema.optional(),
  /** Repeat-safe key: the same key never charges or generates twice. */
  idempotencyKey: z.string().min(1).max(LIMITS.idempotencyKey).optional(),
  /**
   * `{ ttlMs }` serves an identical earlier request's result from the cache
   * (and caches this one for `ttlMs`); `false` skips a route's cache.
   */
  cache: z.union([z.literal(false), resultCacheSettingsSchema]).optional(),
  /** Caller's labels, stored with the generation. */
  metadata: z
    .record(z.string().max(64), z.string().max(LIMITS.metadataValue))
    .refine((entries) => Object.keys(entries).length <= LIMITS.metadataKeys, {
      message: `at most ${LIMITS.metadataKeys} metadata keys`,
    })
    .optional(),
});
export type RoutingOptions = z.infer<typeof routingOptionsSchema>;

/** `generate` input for `type: 'image'`. */
export const imageGenerateInputSchema = z.object({
  type: z.literal('image'),
  ...imageRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/** `generate` input for `type: 'text'`. */
export const textGenerateInputSchema = z.object({
  type: z.literal('text'),
  ...textRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/** `generate` input for `type: 'speech'` (text to speech). */
export const speechGenerateInputSchema = z.object({
  type: z.literal('speech'),
  ...speechRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/** `generate` input for `type: 'music'` (music and sound effects). */
export const musicGenerateInputSchema = z.object({
  type: z.literal('music'),
  ...musicRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/** `generate` input for `type: 'video'` (text- and image-to-video). */
export const videoGenerateInputSchema = z.object({
  type: z.literal('video'),
  ...videoRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/**
 * Input for `type: 'training'`: a custom image model from photos and a
 * trigger word. Runs for minutes: send it through `jobs.submit` (a
 * `generate` waits for it within the route's deadline).
 */
export const trainingGenerateInputSchema = z.object({
  type: z.literal('training'),
  ...trainingRequestSchema.shape,
  ...routingOptionsSchema.shape,
});

/** Each type's model request schema (with its cross-field checks). */
const REQUEST_SCHEMAS = {
  image: imageRequestSchema,
  text: textRequestSchema,
  speech: speechRequestSchema,
  music: musicRequestSchema,
  video: videoRequestSchema,
  training: trainingRequestSchema,
} as const satisfies Record<ModelKind, z.ZodType>;

/** The `generate` input: a discriminated union on `type`. */
export const generateInputSchema = z
  .discriminatedUnion('type', [
    imageGenerateInputSchema,
    textGenerateInputSchema,
    speechGenerateInputSchema,
    musicGenerateInputSchema,
    videoGenerateInputSchema,
    trainingGenerateInputSchema,
  ])
  .superRefine((input, context) => {
    const request = REQUEST_SCHEMAS[input.type].safeParse(pickRequest(input));
    if (!request.success) {
      for (const issue of request.error.issues) {
        context.addIssue({ ...issue, code: 'custom', message: issue.message });
      }
    }
  });
export type GenerateInput = z.infer<typeof generateInputSchema>;
export type ImageGenerateInput = z.infer<typeof imageGenerateInputSchema>;
export type TextGenerateInput = z.infer<typeof textGenerateInputSchema>;
export type SpeechGenerateInput = z.infer<typeof speechGenerateInputSchema>;
export type MusicGenerateInput = z.infer<typeof musicGenerateInputSchema>;
export type VideoGenerateInput = z.infer<typeof videoGenerateInputSchema>;
export type TrainingGenerateInput = z.infer<typeof trainingGenerateInputSchema>;
/** The `type`s `generate` takes. */
export type GenerateType = GenerateInput['type'];

const routingKeys = new Set([
  'type',
  ...Object.keys(routingOptionsSchema.shape),
]);

/** Splits a `generate` input into the model request and the routing options. */
export function pickRequest(
  input: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([key]) => !routingKeys.has(key)),
  );
}

/** One attempt at one target, as reported to the caller. */
export const attemptSchema = z.object({
  provider: z.string(),
  model: z.string(),
  outcome: z.enum(['success', 'error', 'skipped']),
  code: errorCodeSchema.optional(),
  status: z.number().int().optional(),
  message: z.string().optional(),
  latencyMs: z.number().nonnegative(),
  retryAfterMs: z.number().nonnegative().optional(),
  /** Why a target was skipped without a call (outcome `skipped`). */
  reason: skipReasonSchema.optional(),
  /** True for an attempt the route's `hedge` started beside a slow one. */
  hedged: z.boolean().optional(),
  /**
   * What this attempt cost the gateway, not the caller: a hedge that lost
   * (cancelled at the provider) is recorded here at its estimated price.
   */
  gatewayCostMicroCredits: z.number().int().nonnegative().optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

const resultMetadataShape = {
  id: z.string(),
  provider: z.string(),
  model: z.string(),
  fallbackUsed: z.boolean(),
  attempts: z.array(attemptSchema).min(1),
  cost: costSchema,
  cached: z.boolean(),
  warnings: z.array(warningSchema),
  latencyMs: z.number().nonnegative(),
};

/** The result of an image `generate`. */
export const imageResultSchema = z.object({
  type: z.literal('image'),
  images: z.array(generatedImageSchema).min(1),
  ...resultMetadataShape,
});
export type ImageResult = z.infer<typeof imageResultSchema>;

/** The result of a text `generate`. */
export const textResultSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  finishReason: finishReasonSchema,
  usage: usageSchema,
  ...resultMetadataShape,
});
export type TextResult = z.infer<typeof textResultSchema>;

/** The result of a speech `generate`: the audio, and the characters it spoke. */
export const speechResultSchema = z.object({
  type: z.literal('speech'),
  audio: generatedAudioSchema,
  /** Characters of the input text (what per-character prices count). */
  characters: z.number().int().nonnegative(),
  ...resultMetadataShape,
});
export type SpeechResult = z.infer<typeof speechResultSchema>;

/** The result of a music `generate`. */
export const musicResultSchema = z.object({
  type: z.literal('music'),
  audio: generatedAudioSchema,
  ...resultMetadataShape,
});
export type MusicResult = z.infer<typeof musicResultSchema>;

/** The result of a video `generate`. */
export const videoResultSchema = z.object({
  type: z.literal('video'),
  video: generatedVideoSchema,
  ...resultMetadataShape,
});
export type VideoResult = z.infer<typeof videoResultSchema>;

/** The result of a training run: the trained model, to name as `model` in later calls. */
export const trainingResultSchema = z.object({
  type: z.literal('training'),
  trainedModel: trainedModelSchema,
  /** Steps the run took, when known. */
  steps: z.number().int().positive().optional(),
  ...resultMetadataShape,
});
export type TrainingResult = z.infer<typeof trainingResultSchema>;

/** The `generate` output: the union member matching the input's `type`. */
export const generateResultSchema = z.discriminatedUnion('type', [
  imageResultSchema,
  textResultSchema,
  speechResultSchema,
  musicResultSchema,
  videoResultSchema,
  trainingResultSchema,
]);
export type GenerateResult = z.infer<typeof generateResultSchema>;
