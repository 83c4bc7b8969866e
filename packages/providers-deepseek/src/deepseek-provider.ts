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
import { VERSION } from './version';

const API_KEY_VARIABLE = 'DEEPSEEK_API_KEY';
const BASE_URL_VARIABLE = 'DEEPSEEK_BASE_URL';

/** DeepSeek model ids; any other id is passed through. */
export type DeepSeekChatModelId =
  'deepseek-chat' | 'deepseek-reasoner' | (string & {});

/** Settings of {@link createDeepSeek}. */
export interface DeepSeekProviderSettings {
  /** API key. Default: the `DEEPSEEK_API_KEY` environment variable, read at call time. */
  apiKey?: string;
  /** Base URL. Default: `DEEPSEEK_BASE_URL`, else `https://api.deepseek.com`. */
  baseURL?: string;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default `deepseek`; the server passes the instance's name. */
  name?: string;
}

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
  const name = settings.name ?? 'deepseek';
  return createOpenAICompatibleChatProvider<never>({
    providerName: 'deepseek',
    instanceName: name,
    baseURL: resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: BASE_URL_VARIABLE,
      defaultURL: 'https://api.deepseek.com',
    }),
    headers: lazyAuthHeaders({
      provider: name,
      apiKey: settings.apiKey,
      environmentVariableName: API_KEY_VARIABLE,
      headers: settings.headers,
    }),
    fetch: settings.fetch,
    userAgent: switchyardUserAgent('providers-deepseek', VERSION),
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
