import { z } from 'zod';
import { isValidModelId, MODEL_ID_FORM } from '../safety/model-id';

/** Upper bounds shared by every request schema, so no input can grow without limit. */
export const LIMITS = {
  modelId: 256,
  prompt: 32_000,
  messageContent: 200_000,
  messages: 256,
  stopSequences: 8,
  stopSequence: 256,
  referenceImages: 8,
  referenceImageUrl: 4_096,
  /** About 15 MB of decoded image. */
  referenceImageBase64: 20_000_000,
  providerOptionKeys: 32,
  providerOptionValue: 64_000,
  metadataKeys: 32,
  metadataValue: 1_024,
  idempotencyKey: 256,
  routeName: 128,
  instanceName: 64,
  providersOverride: 16,
  /** Most pixels one image request may ask for (n × width × height): 16 images of 1024². */
  imagePixelsPerRequest: 16 * 1024 * 1024,
  /** Most pixels one `generateBatch` may ask for, summed over its image items. */
  imagePixelsPerBatch: 128 * 1024 * 1024,
  /** What an image without width and height counts as (providers' usual default size). */
  assumedImagePixels: 1024 * 1024,
  /** Most characters one speech request may synthesize. */
  speechText: 10_000,
  /** Longest music one request may ask for: 10 minutes. */
  musicDurationMs: 600_000,
  /** About 50 MB of decoded audio. */
  audioBase64: 70_000_000,
  audioUrl: 4_096,
  /** Longest video one request may ask for: 10 minutes. */
  videoDurationMs: 600_000,
  /** About 75 MB of decoded video inline; longer videos travel by URL or the artifact store. */
  videoBase64: 100_000_000,
  videoUrl: 4_096,
  /** Most images one training run may take. */
  trainingImages: 50,
} as const;

/**
 * A model identifier: `MODEL_ID_PATTERN`'s characters, no `.`, `..` or
 * empty path segment. Each provider narrows this to its own ids.
 */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.modelId)
  .refine((id) => isValidModelId(id), {
    error: (issue) =>
      `${JSON.stringify(String(issue.input).slice(0, 100))} is not a model id: a model id is ${MODEL_ID_FORM}`,
  });

/**
 * Per-provider options, keyed by provider name:
 * `{ openai: { quality: 'hd' } }`. Each provider validates its own entry.
 */
export const providerOptionsSchema = z
  .record(
    z.string().min(1).max(64),
    z
      .record(z.string().max(128), z.json())
      .refine(
        (entry) => JSON.stringify(entry).length <= LIMITS.providerOptionValue,
        { message: `at most ${LIMITS.providerOptionValue} characters of JSON` },
      ),
  )
  .refine(
    (options) => Object.keys(options).length <= LIMITS.providerOptionKeys,
    {
      message: `at most ${LIMITS.providerOptionKeys} providers`,
    },
  );
export type ProviderOptions = z.infer<typeof providerOptionsSchema>;

/** A warning about a request option a model could not honour (never a silent drop). */
export const warningSchema = z.object({
  type: z.enum(['unsupported-setting', 'adjusted-setting', 'other']),
  setting: z.string().optional(),
  message: z.string(),
});
export type Warning = z.infer<typeof warningSchema>;

/** Money is integer micro-credits (1 credit = 1,000,000). */
export const microCreditsSchema = z.number().int().nonnegative();

/** What a call cost, in integer micro-credits. */
export const costSchema = z.object({
  microCredits: microCreditsSchema,
});
export type Cost = z.infer<typeof costSchema>;

/** Token usage reported by a text model. */
export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  totalTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

/** Result-cache settings of a route or a request. */
export const resultCacheSettingsSchema = z
  .object({
    /** How long a result is served from the cache, at most 30 days. */
    ttlMs: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400_000),
  })
  .strict();
export type ResultCacheSettings = z.infer<typeof resultCacheSettingsSchema>;

/**
 * The size rules of a request that takes width/height or an aspect ratio
 * (image, video): one or the other, and width with height. A zod
 * `superRefine` check.
 */
export function sizeRules(
  request: { width?: number; height?: number; aspectRatio?: string },
  context: z.RefinementCtx,
): void {
  const { width, height, aspectRatio } = request;
  if (aspectRatio !== undefined && (width ?? height) !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['aspectRatio'],
      message: 'give either width/height or aspectRatio, not both',
    });
  }
  if ((width === undefined) !== (height === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['width'],
      message: 'width and height go together',
    });
  }
}
