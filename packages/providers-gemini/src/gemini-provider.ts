import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type Provider,
  type SpeechModel,
  type VideoModel,
} from '@switchyard/core';
import { z } from 'zod';
import {
  GEMINI_IMAGE_CAPABILITIES,
  GeminiImageModel,
  IMAGEN_CAPABILITIES,
} from './gemini-image-model';
import { GeminiLanguageModel } from './gemini-language-model';
import type {
  GeminiImageModelId,
  GeminiModelId,
  GeminiSpeechModelId,
  GeminiVideoModelId,
} from './gemini-options';
import {
  GEMINI_SPEECH_CAPABILITIES,
  GeminiSpeechModel,
} from './gemini-speech-model';
import { createGeminiVideoModel } from './gemini-veo-model';
import { VEO_2, VEO_3 } from './gemini-veo-request';
import { mapGeminiError } from './gemini-error';
import { VERSION } from './version';

/**
 * Settings of {@link createGemini}: `apiKey` (default: the `GEMINI_API_KEY`
 * variable, sent as `x-goog-api-key`), `baseURL` (default: `GEMINI_BASE_URL`, else
 * `https://generativelanguage.googleapis.com/v1beta`), `headers`, `fetch`, `name`,
 * and its own below.
 */
export interface GeminiProviderSettings extends HttpProviderSettings {
  /** Wait between polls of a Veo operation. Default 10,000 ms. */
  pollIntervalMs?: number;
}

/** The Gemini provider: Gemini text, Gemini/Imagen image, Gemini TTS and Veo video models. */
export interface GeminiProvider extends Provider {
  textModel(modelId: GeminiModelId): GeminiLanguageModel;
  imageModel(modelId: GeminiImageModelId): GeminiImageModel;
  speechModel(modelId: GeminiSpeechModelId): SpeechModel;
  videoModel(modelId: GeminiVideoModelId): VideoModel;
}

const gemini = defineHttpProvider({
  name: 'gemini',
  description:
    'Google Gemini text (with streaming), image output and editing, text to speech, Imagen image generation, and Veo video.',
  version: VERSION,
  features: ['image', 'image-edit', 'text', 'text-stream', 'speech', 'video'],
  costPerUnit: { perInputToken: 0.3, perOutputToken: 2.5 },
  environmentVariables: {
    apiKey: 'GEMINI_API_KEY',
    baseURL: 'GEMINI_BASE_URL',
  },
  defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
  // GET /models lists the models: free, and needs the key.
  probe: { path: '/models?pageSize=1', mapError: mapGeminiError },
  toHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
  settingsSchema: httpProviderSettingsSchema.extend({
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    pollIntervalMs: settings.pollIntervalMs,
  }),
  // List prices in micro-credits (per token for text, per image for images).
  text: {
    capabilities: {
      streaming: true,
      seed: true,
      maxOutputTokens: 65_536,
      contextWindow: 1_048_576,
    },
    models: {
      'gemini-2.5-flash': { cost: { perInputToken: 0.3, perOutputToken: 2.5 } },
      'gemini-2.5-flash-lite': {
        cost: { perInputToken: 0.1, perOutputToken: 0.4 },
      },
      'gemini-2.5-pro': { cost: { perInputToken: 1.25, perOutputToken: 10 } },
    },
    create: (modelId, { config, capabilities, cost }) =>
      new GeminiLanguageModel(modelId, { ...config, capabilities, cost }),
  },
  image: {
    capabilities: GEMINI_IMAGE_CAPABILITIES,
    models: {
      'gemini-2.5-flash-image': { cost: { perImage: 39_000 } },
      'imagen-4.0-generate-001': {
        cost: { perImage: 40_000 },
        capabilities: IMAGEN_CAPABILITIES,
      },
      'imagen-4.0-fast-generate-001': {
        cost: { perImage: 20_000 },
        capabilities: IMAGEN_CAPABILITIES,
      },
    },
    create: (modelId, { config, cost }) =>
      new GeminiImageModel(modelId, { ...config, cost }),
  },
  // TTS is billed per token: input text at the model's text rate, output
  // audio at its audio rate, 32 tokens per second of audio
  // (https://ai.google.dev/gemini-api/docs/pricing, …/docs/tokens). Estimated
  // here as per character (4 characters a token) plus per second of audio:
  // flash $0.50 / $10 per 1M tokens, pro $1 / $20.
  speech: {
    capabilities: GEMINI_SPEECH_CAPABILITIES,
    models: {
      'gemini-2.5-flash-preview-tts': {
        cost: { perCharacter: 0.125, perSecond: 320 },
      },
      'gemini-2.5-pro-preview-tts': {
        cost: { perCharacter: 0.25, perSecond: 640 },
      },
    },
    create: (modelId, { config, cost }) =>
      new GeminiSpeechModel(modelId, { ...config, cost }),
  },
  // Veo is billed per second of video (https://ai.google.dev/gemini-api/docs/pricing):
  // Veo 3 $0.40 and Veo 3 Fast $0.15 (audio always included on the Gemini API),
  // Veo 2 $0.35 (silent). ESTIMATES: read from secondary sources quoting that
  // page; Google has since cut some Veo 3 rates.
  video: {
    capabilities: VEO_3.capabilities,
    models: {
      'veo-3.0-generate-001': { cost: { perSecond: 400_000 } },
      'veo-3.0-fast-generate-001': { cost: { perSecond: 150_000 } },
      'veo-2.0-generate-001': {
        cost: { perSecond: 350_000 },
        capabilities: VEO_2.capabilities,
      },
    },
    create: (modelId, { config, cost }) =>
      createGeminiVideoModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates a Gemini provider: text (with streaming) through generateContent,
 * images through Gemini image output (edits with input images) or Imagen,
 * speech through the TTS models. The key is read when a call is made, so a
 * missing key fails that call with `auth`.
 *
 * @example
 * const gemini = createGemini({ apiKey: process.env.GEMINI_API_KEY });
 * const { text } = await gemini.textModel('gemini-2.5-flash').generate({ prompt: 'Hello' }, {});
 */
export const createGemini: (
  settings?: GeminiProviderSettings,
) => GeminiProvider = gemini.createProvider;

/** How the server plugs Gemini in: `use: gemini` in the config. */
export const switchyardProvider = gemini.switchyardProvider;
