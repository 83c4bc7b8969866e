export { createLeonardo, switchyardProvider } from './leonardo-provider';
export type {
  LeonardoProvider,
  LeonardoProviderSettings,
} from './leonardo-provider';
export type { LeonardoImageModelId } from './leonardo-image-model';
export type { LeonardoImageOptions } from './leonardo-image-options';
export type { LeonardoVideoModelId } from './leonardo-video-model';
export type { LeonardoVideoOptions } from './leonardo-video-options';
export type { LeonardoTrainerId } from './leonardo-training-model';
export type { LeonardoTrainingOptions } from './leonardo-training-options';
export { VERSION } from './version';
