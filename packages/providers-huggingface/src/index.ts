export { createHuggingFace, switchyardProvider } from './huggingface-provider';
export type {
  HuggingFaceProvider,
  HuggingFaceProviderSettings,
} from './huggingface-provider';
export type {
  HuggingFaceChatModelId,
  HuggingFaceImageModelId,
} from './huggingface-image-options';
export { VERSION } from './version';
