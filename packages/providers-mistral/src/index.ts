export { createMistral, switchyardProvider } from './mistral-provider';
export type {
  MistralProvider,
  MistralProviderSettings,
} from './mistral-provider';
export type {
  MistralChatModelId,
  MistralChatOptions,
} from './mistral-chat-options';
export { VERSION } from './version';
