export { createFal, switchyardProvider } from './fal-provider';
export type { FalProvider, FalProviderSettings } from './fal-provider';
export type { FalImageModelId } from './fal-image-model';
export type { FalImageOptions } from './fal-options';
export type { FalMusicModelId } from './fal-music-model';
export type { FalSpeechModelId } from './fal-speech-model';
export type {
  FalTrainingModelId,
  FalTrainingOptions,
} from './fal-training-model';
export type { FalVideoModelId } from './fal-video-model';
export { VERSION } from './version';
