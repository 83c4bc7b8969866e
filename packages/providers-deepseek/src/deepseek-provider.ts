import {
  defineHttpProvider,
  type HttpProviderSettings,
  type TextCapabilities,
} from '@switchyard/core';
import {
  chatModelFactory,
  type OpenAICompatibleChatModel,
  type OpenAICompatibleChatProvider,
} from '@switchyard/openai-compatible';
import { VERSION } from './version';

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

const deepseek = defineHttpProvider({
  name: 'deepseek',
  description: 'DeepSeek chat completions (chat and reasoner), with streaming.',
  version: VERSION,
  features: ['text', 'text-stream'],
  costPerUnit: { perInputToken: 0.27, perOutputToken: 1.1 },
  environmentVariables: {
    apiKey: 'DEEPSEEK_API_KEY',
    baseURL: 'DEEPSEEK_BASE_URL',
  },
  defaultBaseURL: 'https://api.deepseek.com',
  // GET /models lists the models: free, and needs the key.
  probe: { path: '/models' },
  text: {
    capabilities: CAPABILITIES,
    // List prices in micro-credits per token.
    models: {
      'deepseek-chat': { cost: { perInputToken: 0.27, perOutputToken: 1.1 } },
      'deepseek-reasoner': {
        cost: { perInputToken: 0.55, perOutputToken: 2.19 },
        description:
          'Reasons before answering; the reasoning is not part of the answer text.',
      },
    },
    create: chatModelFactory<never>(),
  },
});

/**
 * Creates a DeepSeek provider (chat completions, with streaming). A 402
 * "Insufficient Balance" is `quota_exceeded`, so routes move on without
 * retrying. The key is read when a call is made.
 *
 * @example
 * const deepseek = createDeepSeek({ apiKey: process.env.DEEPSEEK_API_KEY });
 */
export const createDeepSeek: (
  settings?: DeepSeekProviderSettings,
) => DeepSeekProvider = deepseek.createProvider;

/** How the server plugs DeepSeek in: `use: deepseek` in the config. */
export const switchyardProvider = deepseek.switchyardProvider;
