import {
  defineProvider,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  resolveBaseURL,
  switchyardUserAgent,
  type FetchFunction,
  type TextCapabilities,
} from '@switchyard/core';
import {
  chatModelInfos,
  createOpenAICompatibleChatProvider,
  type KnownChatModel,
  type OpenAICompatibleChatModel,
  type OpenAICompatibleChatProvider,
} from '@switchyard/openai-compatible';
import {
  mistralChatOptionsSchema,
  mistralOptionsToBody,
  type MistralChatModelId,
  type MistralChatOptions,
} from './mistral-chat-options';
import { mapMistralError } from './mistral-error';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'MISTRAL_API_KEY';
const BASE_URL_VARIABLE = 'MISTRAL_BASE_URL';

/** Settings of {@link createMistral}. */
export interface MistralProviderSettings {
  /** API key. Default: the `MISTRAL_API_KEY` environment variable, read at call time. */
  apiKey?: string;
  /** Base URL. Default: `MISTRAL_BASE_URL`, else `https://api.mistral.ai/v1`. */
  baseURL?: string;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default `mistral`; the server passes the instance's name. */
  name?: string;
}

/** The Mistral provider: chat models by id (no image models). */
export interface MistralProvider extends OpenAICompatibleChatProvider<MistralChatOptions> {
  textModel(
    modelId: MistralChatModelId,
  ): OpenAICompatibleChatModel<MistralChatOptions>;
}

// Mistral takes `random_seed`, not `seed`: a seed becomes a warning.
const CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: false,
  contextWindow: 128_000,
};

/** List prices in micro-credits per token. */
const MODELS: Record<string, KnownChatModel> = {
  'mistral-small-latest': { cost: { perInputToken: 0.1, perOutputToken: 0.3 } },
  'mistral-medium-latest': { cost: { perInputToken: 0.4, perOutputToken: 2 } },
  'mistral-large-latest': { cost: { perInputToken: 2, perOutputToken: 6 } },
  'ministral-8b-latest': { cost: { perInputToken: 0.1, perOutputToken: 0.1 } },
};

/**
 * Creates a Mistral provider (chat completions, with streaming). The key is
 * read when a call is made, so a missing key fails that call with `auth`.
 *
 * @example
 * const mistral = createMistral({ apiKey: process.env.MISTRAL_API_KEY });
 * const { text } = await mistral.textModel('mistral-small-latest').generate({ prompt: 'Bonjour' }, {});
 */
export function createMistral(
  settings: MistralProviderSettings = {},
): MistralProvider {
  const name = settings.name ?? 'mistral';
  return createOpenAICompatibleChatProvider({
    providerName: 'mistral',
    instanceName: name,
    baseURL: resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: BASE_URL_VARIABLE,
      defaultURL: 'https://api.mistral.ai/v1',
    }),
    headers: lazyAuthHeaders({
      provider: name,
      apiKey: settings.apiKey,
      environmentVariableName: API_KEY_VARIABLE,
      headers: settings.headers,
    }),
    fetch: settings.fetch,
    mapError: mapMistralError,
    userAgent: switchyardUserAgent('providers-mistral', VERSION),
    capabilities: CAPABILITIES,
    models: MODELS,
    providerOptions: {
      key: 'mistral',
      schema: mistralChatOptionsSchema,
      toBody: mistralOptionsToBody,
    },
  });
}

/** How the server plugs Mistral in: `use: mistral` in the config. */
export const switchyardProvider = defineProvider({
  name: 'mistral',
  description: 'Mistral chat completions, with streaming.',
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 0.1, perOutputToken: 0.3 },
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: chatModelInfos({ models: MODELS, capabilities: CAPABILITIES }),
  create: (settings, context) =>
    createMistral({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
