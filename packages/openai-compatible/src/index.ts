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
export {
  OpenAICompatibleSpeechModel,
  speechModelFactory,
} from './speech-model';
export type {
  OpenAICompatibleSpeechConfig,
  SpeechModelSettings,
  SpeechProviderOptions,
} from './speech-model';
export type { SpeechRequestBody } from './speech-api';
export { fixStreamedWavSizes } from './wav-sizes';
export { imageEditForm, imageFilePart, imageUrlOf } from './image-edit-form';
export type { ImageFilePart } from './image-edit-form';
export { VERSION } from './version';
