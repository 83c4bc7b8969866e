export { createReplicate, switchyardProvider } from './replicate-provider';
export type {
  ReplicateProvider,
  ReplicateProviderSettings,
} from './replicate-provider';
export type { ReplicateImageModelId } from './replicate-image-model';
export type { ReplicateMusicModelId } from './replicate-music-model';
export type { ReplicateSpeechModelId } from './replicate-speech-model';
export type { ReplicateTrainingModelId } from './replicate-training-model';
export type { ReplicateVideoModelId } from './replicate-video-model';
export { VERSION } from './version';
