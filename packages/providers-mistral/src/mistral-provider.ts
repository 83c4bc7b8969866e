import {
  defineHttpProvider,
  type HttpProviderSettings,
} from '@switchyard/core';
import {
  chatModelFactory,
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

const mistral = defineHttpProvider({
  name: 'mistral',
  description: 'Mistral chat completions, with streaming.',
  version: VERSION,
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 0.1, perOutputToken: 0.3 },
  environmentVariables: {
    apiKey: 'MISTRAL_API_KEY',
    baseURL: 'MISTRAL_BASE_URL',
  },
  defaultBaseURL: 'https://api.mistral.ai/v1',
  // GET /models lists the account's models: free, and needs the key.
  probe: { path: '/models', mapError: mapMistralError },
  text: {
    // Mistral takes `random_seed`, not `seed`: a seed becomes a warning.
    capabilities: { streaming: true, seed: false, contextWindow: 128_000 },
    // List prices in micro-credits per token.
    models: {
      'mistral-small-latest': {
        cost: { perInputToken: 0.1, perOutputToken: 0.3 },
      },
      'mistral-medium-latest': {
        cost: { perInputToken: 0.4, perOutputToken: 2 },
      },
      'mistral-large-latest': { cost: { perInputToken: 2, perOutputToken: 6 } },
      'ministral-8b-latest': {
        cost: { perInputToken: 0.1, perOutputToken: 0.1 },
      },
    },
    create: chatModelFactory({
      mapError: mapMistralError,
      providerOptions: {
        key: 'mistral',
        schema: mistralChatOptionsSchema,
        toBody: mistralOptionsToBody,
      },
    }),
  },
});

/**
 * Creates a Mistral provider (chat completions, with streaming). The key is
 * read when a call is made, so a missing key fails that call with `auth`.
 *
 * @example
 * const mistral = createMistral({ apiKey: process.env.MISTRAL_API_KEY });
 * const { text } = await mistral.textModel('mistral-small-latest').generate({ prompt: 'Bonjour' }, {});
 */
export const createMistral: (
  settings?: MistralProviderSettings,
) => MistralProvider = mistral.createProvider;

/** How the server plugs Mistral in: `use: mistral` in the config. */
export const switchyardProvider = mistral.switchyardProvider;
