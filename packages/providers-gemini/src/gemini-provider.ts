import {
  defineHttpProvider,
  type HttpProviderSettings,
  type Provider,
} from '@switchyard/core';
import {
  GEMINI_IMAGE_CAPABILITIES,
  GeminiImageModel,
  IMAGEN_CAPABILITIES,
} from './gemini-image-model';
import { GeminiLanguageModel } from './gemini-language-model';
import type { GeminiImageModelId, GeminiModelId } from './gemini-options';
import { VERSION } from './version';

/**
 * Settings of {@link createGemini}: `apiKey` (default: the `GEMINI_API_KEY`
 * variable, sent as `x-goog-api-key`), `baseURL` (default: `GEMINI_BASE_URL`, else
 * `https://generativelanguage.googleapis.com/v1beta`), `headers`, `fetch` and `name`.
 */
export type GeminiProviderSettings = HttpProviderSettings;

/** The Gemini provider: Gemini text models and Gemini/Imagen image models. */
export interface GeminiProvider extends Provider {
  textModel(modelId: GeminiModelId): GeminiLanguageModel;
  imageModel(modelId: GeminiImageModelId): GeminiImageModel;
}

const gemini = defineHttpProvider({
  name: 'gemini',
  description:
    'Google Gemini text (with streaming) and image output, and Imagen image generation.',
  version: VERSION,
  features: ['image', 'text', 'text-stream'],
  costPerUnit: { perInputToken: 0.3, perOutputToken: 2.5 },
  environmentVariables: {
    apiKey: 'GEMINI_API_KEY',
    baseURL: 'GEMINI_BASE_URL',
  },
  defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
  toHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
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
});

/**
 * Creates a Gemini provider: text (with streaming) through generateContent,
 * images through Gemini image output or Imagen. The key is read when a call
 * is made, so a missing key fails that call with `auth`.
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
