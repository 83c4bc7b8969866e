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
