import {
  noModelsOfKind,
  type CostMetadata,
  type MapError,
  type ModelHttpConfig,
  type ModelInfo,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import {
  OpenAICompatibleChatModel,
  type ChatProviderOptions,
} from './chat-model';

/** A chat model a provider knows: its price and, when they differ, capabilities. */
export interface KnownChatModel {
  cost: CostMetadata;
  capabilities?: TextCapabilities;
  description?: string;
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
  models: Readonly<Record<string, KnownChatModel>>;
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
 * throws `unsupported`.
 */
export function createOpenAICompatibleChatProvider<TOptions>(
  options: OpenAICompatibleChatProviderOptions<TOptions>,
): OpenAICompatibleChatProvider<TOptions> {
  return {
    name: options.providerName,
    textModel: (modelId) => {
      const known = options.models[modelId];
      return new OpenAICompatibleChatModel(modelId, {
        ...options.config,
        mapError: options.mapError,
        capabilities: known?.capabilities ?? options.capabilities,
        cost: known?.cost,
        maxTokensField: options.maxTokensField,
        providerOptions: options.providerOptions,
      });
    },
    imageModel: (modelId) =>
      noModelsOfKind({
        provider: options.config.provider,
        kind: 'image',
        modelId,
      }),
    listModels: () => chatModelInfos(options),
  };
}

/** The `ModelInfo` list of known chat models. */
export function chatModelInfos(options: {
  models: Readonly<Record<string, KnownChatModel>>;
  capabilities: TextCapabilities;
}): ModelInfo[] {
  return Object.entries(options.models).map(([id, model]) => ({
    id,
    kind: 'text',
    capabilities: model.capabilities ?? options.capabilities,
    cost: model.cost,
    ...(model.description === undefined
      ? {}
      : { description: model.description }),
  }));
}
