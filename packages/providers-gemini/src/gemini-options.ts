import { z } from 'zod';

/** Gemini text model ids with known prices; any other id is passed through. */
export type GeminiModelId =
  | 'gemini-2.5-flash'
  | 'gemini-2.5-flash-lite'
  | 'gemini-2.5-pro'
  | (string & {});

/** Image model ids: Gemini image output or Imagen; any other id is passed through. */
export type GeminiImageModelId =
  | 'gemini-2.5-flash-image'
  | 'imagen-4.0-generate-001'
  | 'imagen-4.0-fast-generate-001'
  | (string & {});

/** Text-to-speech model ids with known prices; any other id is passed through. */
export type GeminiSpeechModelId =
  'gemini-2.5-flash-preview-tts' | 'gemini-2.5-pro-preview-tts' | (string & {});

/** Options under `providerOptions.gemini` for text calls. */
export const geminiTextOptionsSchema = z.strictObject({
  /** Token budget for thinking models; 0 turns thinking off where allowed. */
  thinkingBudget: z.number().int().min(0).max(32_768).optional(),
  topK: z.number().int().min(1).max(100).optional(),
});
export type GeminiTextOptions = z.infer<typeof geminiTextOptionsSchema>;

/** Options under `providerOptions.gemini` for Imagen calls. */
export const geminiImageOptionsSchema = z.strictObject({
  personGeneration: z
    .enum(['dont_allow', 'allow_adult', 'allow_all'])
    .optional(),
});
export type GeminiImageOptions = z.infer<typeof geminiImageOptionsSchema>;

/** Veo video model ids with known prices; any other id is passed through (taken as Veo 3). */
export type GeminiVideoModelId =
  | 'veo-3.0-generate-001'
  | 'veo-3.0-fast-generate-001'
  | 'veo-2.0-generate-001'
  | (string & {});

/** Options under `providerOptions.gemini` for Veo calls. */
export const geminiVideoOptionsSchema = z.strictObject({
  /**
   * Whether people may appear. The Gemini API takes `allow_all` for Veo 3
   * text-to-video and `allow_adult` for image-to-video; Veo 2 also takes
   * `dont_allow`. Default: the API's.
   */
  personGeneration: z
    .enum(['dont_allow', 'allow_adult', 'allow_all'])
    .optional(),
  /** Veo 3 only; wins over the one `width`/`height` imply. */
  resolution: z.enum(['720p', '1080p']).optional(),
});
export type GeminiVideoOptions = z.infer<typeof geminiVideoOptionsSchema>;
