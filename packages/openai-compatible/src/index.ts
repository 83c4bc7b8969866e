export { OpenAICompatibleChatModel } from './chat-model';
export type {
  ChatProviderOptions,
  OpenAICompatibleChatConfig,
} from './chat-model';
export { mapFinishReason, mapUsage } from './chat-mapping';
export { VERSION } from './version';
