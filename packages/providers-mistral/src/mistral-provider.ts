import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
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

/**
 * Settings of {@link createMistral}: `apiKey` (default: the `MISTRAL_API_KEY`
 * variable), `baseURL` (default: `MISTRAL_BASE_URL`, else
 * `https://api.mistral.ai/v1`), `headers`, `fetch` and `name`.
 */
export type MistralProviderSettings = HttpProviderSettings;

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
  return createOpenAICompatibleChatProvider({
    providerName: 'mistral',
    config: createModelHttpConfig({
      settings,
      providerName: 'mistral',
      version: VERSION,
      apiKeyVariable: API_KEY_VARIABLE,
      baseURLVariable: BASE_URL_VARIABLE,
      defaultBaseURL: 'https://api.mistral.ai/v1',
    }),
    mapError: mapMistralError,
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
