import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  type CostMetadata,
  type HttpProviderSettings,
  type ModelInfo,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import {
  GEMINI_IMAGE_CAPABILITIES,
  GeminiImageModel,
  IMAGEN_CAPABILITIES,
} from './gemini-image-model';
import { GeminiLanguageModel } from './gemini-language-model';
import type { GeminiImageModelId, GeminiModelId } from './gemini-options';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'GEMINI_API_KEY';
const BASE_URL_VARIABLE = 'GEMINI_BASE_URL';

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

const TEXT_CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: true,
  maxOutputTokens: 65_536,
  contextWindow: 1_048_576,
};

/** List prices in micro-credits (per token for text, per image for images). */
const TEXT_COSTS: Record<string, CostMetadata> = {
  'gemini-2.5-flash': { perInputToken: 0.3, perOutputToken: 2.5 },
  'gemini-2.5-flash-lite': { perInputToken: 0.1, perOutputToken: 0.4 },
  'gemini-2.5-pro': { perInputToken: 1.25, perOutputToken: 10 },
};
const IMAGE_COSTS: Record<string, CostMetadata> = {
  'gemini-2.5-flash-image': { perImage: 39_000 },
  'imagen-4.0-generate-001': { perImage: 40_000 },
  'imagen-4.0-fast-generate-001': { perImage: 20_000 },
};

const MODELS: ModelInfo[] = [
  ...Object.entries(TEXT_COSTS).map(([id, cost]): ModelInfo => ({
    id,
    kind: 'text',
    capabilities: TEXT_CAPABILITIES,
    cost,
  })),
  ...Object.entries(IMAGE_COSTS).map(([id, cost]): ModelInfo => ({
    id,
    kind: 'image',
    capabilities: id.startsWith('imagen')
      ? IMAGEN_CAPABILITIES
      : GEMINI_IMAGE_CAPABILITIES,
    cost,
  })),
];

/**
 * Creates a Gemini provider: text (with streaming) through generateContent,
 * images through Gemini image output or Imagen. The key is read when a call
 * is made, so a missing key fails that call with `auth`.
 *
 * @example
 * const gemini = createGemini({ apiKey: process.env.GEMINI_API_KEY });
 * const { text } = await gemini.textModel('gemini-2.5-flash').generate({ prompt: 'Hello' }, {});
 */
export function createGemini(
  settings: GeminiProviderSettings = {},
): GeminiProvider {
  const config = createModelHttpConfig({
    settings,
    providerName: 'gemini',
    version: VERSION,
    apiKeyVariable: API_KEY_VARIABLE,
    baseURLVariable: BASE_URL_VARIABLE,
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    toHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
  });
  return {
    name: 'gemini',
    textModel: (modelId) =>
      new GeminiLanguageModel(modelId, {
        ...config,
        capabilities: TEXT_CAPABILITIES,
        cost: TEXT_COSTS[modelId],
      }),
    imageModel: (modelId) =>
      new GeminiImageModel(modelId, { ...config, cost: IMAGE_COSTS[modelId] }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Gemini in: `use: gemini` in the config. */
export const switchyardProvider = defineProvider({
  name: 'gemini',
  description:
    'Google Gemini text (with streaming) and image output, and Imagen image generation.',
  features: ['image', 'text', 'text-stream'],
  costPerUnit: { perInputToken: 0.3, perOutputToken: 2.5 },
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: MODELS,
  create: (settings, context) =>
    createGemini({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
