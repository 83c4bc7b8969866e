export { createOpenAI, switchyardProvider } from './openai-provider';
export type { OpenAIProvider, OpenAIProviderSettings } from './openai-provider';
export type {
  OpenAIChatModelId,
  OpenAIChatOptions,
} from './openai-chat-options';
export type {
  OpenAIImageModelId,
  OpenAIImageOptions,
} from './openai-image-options';
export type { OpenAISpeechModelId } from './openai-speech-models';
export type { OpenAIVideoModelId } from './openai-video-api';
export { VERSION } from './version';
