import {
  buildHttpProvider,
  knownModelInfos,
  type HttpModelContext,
  type KnownModel,
  type KnownModels,
  type MapError,
  type ModelHttpConfig,
  type ModelInfo,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import {
  OpenAICompatibleChatModel,
  type ChatProviderOptions,
  type OpenAICompatibleChatConfig,
} from './chat-model';

/** A chat model a provider knows: its price and, when they differ, capabilities. */
export type KnownChatModel = KnownModel<TextCapabilities>;

/** How a provider's chat models differ from the plain API: its error cases, its options. */
export type ChatModelSettings<TOptions> = Omit<
  OpenAICompatibleChatConfig<TOptions>,
  keyof ModelHttpConfig | 'capabilities' | 'cost'
>;

/**
 * The `text.create` of a provider whose chat models all speak chat
 * completions: each id becomes an {@link OpenAICompatibleChatModel} with the
 * provider's config, the id's listed price and capabilities, and `settings`.
 *
 * @example
 * text: { capabilities, models, create: chatModelFactory({ mapError: mapMistralError }) }
 */
export function chatModelFactory<TOptions = unknown>(
  settings: ChatModelSettings<TOptions> = {},
): (
  modelId: string,
  context: HttpModelContext<ModelHttpConfig, unknown, TextCapabilities>,
) => OpenAICompatibleChatModel<TOptions> {
  return (modelId, { config, cost, capabilities }) =>
    new OpenAICompatibleChatModel(modelId, {
      ...config,
      ...settings,
      capabilities,
      cost,
    });
}

/** Options of {@link createOpenAICompatibleChatProvider}. */
export interface OpenAICompatibleChatProviderOptions<TOptions> {
  /** The provider's name (`mistral`); `listModels` and `Provider.name` use it. */
  providerName: string;
  /** From core's `createModelHttpConfig`. */
  config: ModelHttpConfig;
  mapError?: MapError;
  /** Capabilities of models not listed in `models`. */
  capabilities: TextCapabilities;
  models: KnownModels<TextCapabilities>;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  providerOptions?: ChatProviderOptions<TOptions>;
}

/** A text-only provider over an OpenAI-style chat-completions API. */
export interface OpenAICompatibleChatProvider<TOptions> extends Provider {
  textModel(modelId: string): OpenAICompatibleChatModel<TOptions>;
}

/**
 * Builds a text-only provider whose models all speak chat completions: each
 * `textModel(id)` is an {@link OpenAICompatibleChatModel}; `imageModel`
 * throws `unsupported`. A provider package uses core's `defineHttpProvider`
 * with {@link chatModelFactory} instead, which also gives its definition.
 */
export function createOpenAICompatibleChatProvider<TOptions>(
  options: OpenAICompatibleChatProviderOptions<TOptions>,
): OpenAICompatibleChatProvider<TOptions> {
  return buildHttpProvider({
    name: options.providerName,
    config: options.config,
    settings: {},
    text: {
      capabilities: options.capabilities,
      models: options.models,
      create: chatModelFactory({
        mapError: options.mapError,
        maxTokensField: options.maxTokensField,
        providerOptions: options.providerOptions,
      }),
    },
  });
}

/** The `ModelInfo` list of known chat models. */
export function chatModelInfos(options: {
  models: KnownModels<TextCapabilities>;
  capabilities: TextCapabilities;
}): ModelInfo[] {
  return knownModelInfos('text', options);
}
