export { OpenAICompatibleChatModel } from './chat-model';
export type {
  ChatProviderOptions,
  OpenAICompatibleChatConfig,
} from './chat-model';
export {
  chatModelInfos,
  createOpenAICompatibleChatProvider,
} from './chat-provider';
export type {
  KnownChatModel,
  OpenAICompatibleChatProvider,
  OpenAICompatibleChatProviderOptions,
} from './chat-provider';
export { mapFinishReason, mapUsage } from './chat-mapping';
export { VERSION } from './version';
