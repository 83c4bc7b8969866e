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
import { VERSION } from './version';

const API_KEY_VARIABLE = 'DEEPSEEK_API_KEY';
const BASE_URL_VARIABLE = 'DEEPSEEK_BASE_URL';

/** DeepSeek model ids; any other id is passed through. */
export type DeepSeekChatModelId =
  'deepseek-chat' | 'deepseek-reasoner' | (string & {});

/**
 * Settings of {@link createDeepSeek}: `apiKey` (default: the `DEEPSEEK_API_KEY`
 * variable), `baseURL` (default: `DEEPSEEK_BASE_URL`, else
 * `https://api.deepseek.com`), `headers`, `fetch` and `name`.
 */
export type DeepSeekProviderSettings = HttpProviderSettings;

/** The DeepSeek provider: chat models by id (no image models). */
export interface DeepSeekProvider extends OpenAICompatibleChatProvider<never> {
  textModel(modelId: DeepSeekChatModelId): OpenAICompatibleChatModel<never>;
}

const CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: false,
  maxOutputTokens: 8_192,
  contextWindow: 128_000,
};

/** List prices in micro-credits per token. */
const MODELS: Record<string, KnownChatModel> = {
  'deepseek-chat': { cost: { perInputToken: 0.27, perOutputToken: 1.1 } },
  'deepseek-reasoner': {
    cost: { perInputToken: 0.55, perOutputToken: 2.19 },
    description:
      'Reasons before answering; the reasoning is not part of the answer text.',
  },
};

/**
 * Creates a DeepSeek provider (chat completions, with streaming). A 402
 * "Insufficient Balance" is `quota_exceeded`, so routes move on without
 * retrying. The key is read when a call is made.
 *
 * @example
 * const deepseek = createDeepSeek({ apiKey: process.env.DEEPSEEK_API_KEY });
 */
export function createDeepSeek(
  settings: DeepSeekProviderSettings = {},
): DeepSeekProvider {
  return createOpenAICompatibleChatProvider<never>({
    providerName: 'deepseek',
    config: createModelHttpConfig({
      settings,
      providerName: 'deepseek',
      version: VERSION,
      apiKeyVariable: API_KEY_VARIABLE,
      baseURLVariable: BASE_URL_VARIABLE,
      defaultBaseURL: 'https://api.deepseek.com',
    }),
    capabilities: CAPABILITIES,
    models: MODELS,
  });
}

/** How the server plugs DeepSeek in: `use: deepseek` in the config. */
export const switchyardProvider = defineProvider({
  name: 'deepseek',
  description: 'DeepSeek chat completions (chat and reasoner), with streaming.',
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 0.27, perOutputToken: 1.1 },
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: chatModelInfos({ models: MODELS, capabilities: CAPABILITIES }),
  create: (settings, context) =>
    createDeepSeek({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
