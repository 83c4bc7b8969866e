export { OpenAICompatibleChatModel } from './chat-model';
export type {
  ChatProviderOptions,
  OpenAICompatibleChatConfig,
} from './chat-model';
export {
  chatModelFactory,
  chatModelInfos,
  createOpenAICompatibleChatProvider,
} from './chat-provider';
export type {
  ChatModelSettings,
  KnownChatModel,
  OpenAICompatibleChatProvider,
  OpenAICompatibleChatProviderOptions,
} from './chat-provider';
export { mapFinishReason, mapUsage } from './chat-mapping';
export { VERSION } from './version';
