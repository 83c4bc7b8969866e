import {
  defineHttpProvider,
  type HttpProviderSettings,
  type Provider,
} from '@switchyard/core';
import { AnthropicMessagesModel } from './anthropic-messages-model';
import type { AnthropicModelId } from './anthropic-options';
import { mapAnthropicError } from './anthropic-error';
import { VERSION } from './version';

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

const anthropic = defineHttpProvider({
  name: 'anthropic',
  description: 'Anthropic Claude through the Messages API, with streaming.',
  version: VERSION,
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 1, perOutputToken: 5 },
  environmentVariables: {
    apiKey: 'ANTHROPIC_API_KEY',
    baseURL: 'ANTHROPIC_BASE_URL',
  },
  defaultBaseURL: 'https://api.anthropic.com/v1',
  // GET /models lists the models: free, and needs the key.
  probe: { path: '/models?limit=1', mapError: mapAnthropicError },
  toHeaders: (apiKey) => ({
    'x-api-key': apiKey,
    'anthropic-version': '2023-06-01',
  }),
  text: {
    capabilities: {
      streaming: true,
      seed: false,
      maxOutputTokens: 64_000,
      contextWindow: 200_000,
    },
    // List prices in micro-credits per token, and tiers for `requirements`.
    models: {
      'claude-haiku-4-5': {
        cost: { perInputToken: 1, perOutputToken: 5 },
        tier: { quality: 'standard', speed: 'fast' },
      },
      'claude-sonnet-4-5': {
        cost: { perInputToken: 3, perOutputToken: 15 },
        tier: { quality: 'premium', speed: 'standard' },
      },
      'claude-opus-4-1': {
        cost: { perInputToken: 15, perOutputToken: 75 },
        tier: { quality: 'premium', speed: 'relaxed' },
      },
    },
    create: (modelId, { config, capabilities, cost }) =>
      new AnthropicMessagesModel(modelId, { ...config, capabilities, cost }),
  },
});

/**
 * Creates an Anthropic provider (the Messages API, with streaming). The key
 * is read when a call is made, so a missing key fails that call with `auth`.
 *
 * @example
 * const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const { text } = await anthropic.textModel('claude-haiku-4-5').generate({ prompt: 'Hello' }, {});
 */
export const createAnthropic: (
  settings?: AnthropicProviderSettings,
) => AnthropicProvider = anthropic.createProvider;

/** How the server plugs Anthropic in: `use: anthropic` in the config. */
export const switchyardProvider = anthropic.switchyardProvider;
