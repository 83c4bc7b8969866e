export { createDeepSeek, switchyardProvider } from './deepseek-provider';
export type {
  DeepSeekChatModelId,
  DeepSeekProvider,
  DeepSeekProviderSettings,
} from './deepseek-provider';
export { VERSION } from './version';
