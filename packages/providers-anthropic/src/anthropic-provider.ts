import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  noModelsOfKind,
  type CostMetadata,
  type HttpProviderSettings,
  type ModelInfo,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import { AnthropicMessagesModel } from './anthropic-messages-model';
import type { AnthropicModelId } from './anthropic-options';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'ANTHROPIC_API_KEY';
const BASE_URL_VARIABLE = 'ANTHROPIC_BASE_URL';
const API_VERSION = '2023-06-01';

/**
 * Settings of {@link createAnthropic}: `apiKey` (default: the
 * `ANTHROPIC_API_KEY` variable, sent as `x-api-key`), `baseURL` (default:
 * `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com/v1`), `headers` (e.g.
 * `anthropic-beta`), `fetch` and `name`.
 */
export type AnthropicProviderSettings = HttpProviderSettings;

/** The Anthropic provider: Claude models by id (no image models). */
export interface AnthropicProvider extends Provider {
  textModel(modelId: AnthropicModelId): AnthropicMessagesModel;
}

const CAPABILITIES: TextCapabilities = {
  streaming: true,
  seed: false,
  maxOutputTokens: 64_000,
  contextWindow: 200_000,
};

/** List prices in micro-credits per token. */
const COSTS: Record<string, CostMetadata> = {
  'claude-haiku-4-5': { perInputToken: 1, perOutputToken: 5 },
  'claude-sonnet-4-5': { perInputToken: 3, perOutputToken: 15 },
  'claude-opus-4-1': { perInputToken: 15, perOutputToken: 75 },
};

const MODELS: ModelInfo[] = Object.entries(COSTS).map(([id, cost]) => ({
  id,
  kind: 'text',
  capabilities: CAPABILITIES,
  cost,
}));

/**
 * Creates an Anthropic provider (the Messages API, with streaming). The key
 * is read when a call is made, so a missing key fails that call with `auth`.
 *
 * @example
 * const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const { text } = await anthropic.textModel('claude-haiku-4-5').generate({ prompt: 'Hello' }, {});
 */
export function createAnthropic(
  settings: AnthropicProviderSettings = {},
): AnthropicProvider {
  const config = createModelHttpConfig({
    settings,
    providerName: 'anthropic',
    version: VERSION,
    apiKeyVariable: API_KEY_VARIABLE,
    baseURLVariable: BASE_URL_VARIABLE,
    defaultBaseURL: 'https://api.anthropic.com/v1',
    toHeaders: (apiKey) => ({
      'x-api-key': apiKey,
      'anthropic-version': API_VERSION,
    }),
  });
  return {
    name: 'anthropic',
    textModel: (modelId) =>
      new AnthropicMessagesModel(modelId, {
        ...config,
        capabilities: CAPABILITIES,
        cost: COSTS[modelId],
      }),
    imageModel: (modelId) =>
      noModelsOfKind({ provider: config.provider, kind: 'image', modelId }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Anthropic in: `use: anthropic` in the config. */
export const switchyardProvider = defineProvider({
  name: 'anthropic',
  description: 'Anthropic Claude through the Messages API, with streaming.',
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 1, perOutputToken: 5 },
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: MODELS,
  create: (settings, context) =>
    createAnthropic({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
