import {
  defineProvider,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  resolveBaseURL,
  switchyardUserAgent,
  type FetchFunction,
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

/** Settings of {@link createOpenAI}. */
export interface OpenAIProviderSettings {
  /** API key. Default: the `OPENAI_API_KEY` environment variable, read at call time. */
  apiKey?: string;
  /**
   * Base URL up to the version. Default: `OPENAI_BASE_URL`, else
   * `https://api.openai.com/v1`. Point it at any OpenAI-compatible server
   * (vLLM, Ollama, LM Studio, Together, Groq).
   */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default `openai`; the server passes the instance's name. */
  name?: string;
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
  'gpt-4o': { perInputToken: 2.5, perOutputToken: 10 },
  'gpt-4o-mini': { perInputToken: 0.15, perOutputToken: 0.6 },
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
  const name = settings.name ?? 'openai';
  const baseURL = () =>
    resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: BASE_URL_VARIABLE,
      defaultURL: DEFAULT_BASE_URL,
    });
  const headers = lazyAuthHeaders({
    provider: name,
    apiKey: settings.apiKey,
    environmentVariableName: API_KEY_VARIABLE,
    toHeaders: (apiKey) => ({
      authorization: `Bearer ${apiKey}`,
      'openai-organization': settings.organization,
      'openai-project': settings.project,
    }),
    headers: settings.headers,
  });
  const userAgent = switchyardUserAgent('providers-openai', VERSION);
  return {
    name: 'openai',
    textModel: (modelId) =>
      new OpenAICompatibleChatModel(modelId, {
        provider: name,
        baseURL: baseURL(),
        headers,
        fetch: settings.fetch,
        mapError: mapOpenAIError,
        userAgent,
        capabilities: CHAT_CAPABILITIES,
        cost: CHAT_MODELS[modelId],
        maxTokensField: 'max_completion_tokens',
        providerOptions: {
          key: 'openai',
          schema: openAIChatOptionsSchema,
          toBody: chatOptionsToBody,
        },
      }),
    imageModel: (modelId) =>
      new OpenAIImageModel(modelId, {
        provider: name,
        baseURL: baseURL(),
        headers,
        fetch: settings.fetch,
        userAgent,
      }),
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
