import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type ModelInfo,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import { OpenAICompatibleChatModel } from '@switchyard/openai-compatible';
import { z } from 'zod';
import {
  chatOptionsToBody,
  openAIChatOptionsSchema,
  type OpenAIChatModelId,
  type OpenAIChatOptions,
} from './openai-chat-options';
import { mapOpenAIError } from './openai-error';
import { OPENAI_IMAGE_MODELS, OpenAIImageModel } from './openai-image-model';
import type { OpenAIImageModelId } from './openai-image-options';
import { VERSION } from './version';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const API_KEY_VARIABLE = 'OPENAI_API_KEY';
const BASE_URL_VARIABLE = 'OPENAI_BASE_URL';

/**
 * Settings of {@link createOpenAI}: `apiKey` (default: the `OPENAI_API_KEY`
 * variable), `baseURL` (default: `OPENAI_BASE_URL`, else
 * `https://api.openai.com/v1`; point it at any OpenAI-compatible server such
 * as vLLM, Ollama, LM Studio, Together or Groq), `headers`, `fetch`, `name`,
 * and OpenAI's own below.
 */
export interface OpenAIProviderSettings extends HttpProviderSettings {
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
}

/** The OpenAI provider: chat and image models by id. */
export interface OpenAIProvider extends Provider {
  textModel(
    modelId: OpenAIChatModelId,
  ): OpenAICompatibleChatModel<OpenAIChatOptions>;
  imageModel(modelId: OpenAIImageModelId): OpenAIImageModel;
}

const CHAT_CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: true,
  maxOutputTokens: 16_384,
  contextWindow: 128_000,
};

/** List prices in micro-credits per token (1 credit = 1,000,000). */
const CHAT_MODELS: Record<
  string,
  { perInputToken: number; perOutputToken: number }
> = {
  'gpt-4o-mini': { perInputToken: 0.15, perOutputToken: 0.6 },
  'gpt-4o': { perInputToken: 2.5, perOutputToken: 10 },
  'gpt-4.1': { perInputToken: 2, perOutputToken: 8 },
  'gpt-4.1-mini': { perInputToken: 0.4, perOutputToken: 1.6 },
  'gpt-4.1-nano': { perInputToken: 0.1, perOutputToken: 0.4 },
  'o3-mini': { perInputToken: 1.1, perOutputToken: 4.4 },
};

const MODELS: ModelInfo[] = [
  ...Object.entries(CHAT_MODELS).map(([id, cost]): ModelInfo => ({
    id,
    kind: 'text',
    capabilities: CHAT_CAPABILITIES,
    cost,
  })),
  ...Object.entries(OPENAI_IMAGE_MODELS).map(([id, model]): ModelInfo => ({
    id,
    kind: 'image',
    capabilities: model.capabilities,
    cost: model.cost,
  })),
];

/**
 * Creates an OpenAI provider. The key is read when a call is made, so a
 * missing key fails that call with an `auth` error, never the factory.
 *
 * @example
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await openai.textModel('gpt-4o-mini').generate({ prompt: 'Hello' }, {});
 */
export function createOpenAI(
  settings: OpenAIProviderSettings = {},
): OpenAIProvider {
  const config = createModelHttpConfig({
    settings,
    providerName: 'openai',
    version: VERSION,
    apiKeyVariable: API_KEY_VARIABLE,
    baseURLVariable: BASE_URL_VARIABLE,
    defaultBaseURL: DEFAULT_BASE_URL,
    toHeaders: (apiKey) => ({
      authorization: `Bearer ${apiKey}`,
      'openai-organization': settings.organization,
      'openai-project': settings.project,
    }),
  });
  return {
    name: 'openai',
    textModel: (modelId) =>
      new OpenAICompatibleChatModel(modelId, {
        ...config,
        mapError: mapOpenAIError,
        capabilities: CHAT_CAPABILITIES,
        cost: CHAT_MODELS[modelId],
        maxTokensField: 'max_completion_tokens',
        providerOptions: {
          key: 'openai',
          schema: openAIChatOptionsSchema,
          toBody: chatOptionsToBody,
        },
      }),
    imageModel: (modelId) => new OpenAIImageModel(modelId, config),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

const settingsSchema = httpProviderSettingsSchema.extend({
  organization: z.string().optional(),
  project: z.string().optional(),
});

/** How the server plugs OpenAI in: `use: openai` in the config. */
export const switchyardProvider = defineProvider({
  name: 'openai',
  description:
    'OpenAI chat completions (with streaming) and image generations; any OpenAI-compatible server through baseURL.',
  features: ['image', 'text', 'text-stream'],
  costPerUnit: { perImage: 40_000 },
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema,
  models: MODELS,
  create: (settings, context) =>
    createOpenAI({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
