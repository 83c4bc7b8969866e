export { createFal, switchyardProvider } from './fal-provider';
export type { FalProvider, FalProviderSettings } from './fal-provider';
export type { FalImageModelId } from './fal-image-model';
export type { FalImageOptions } from './fal-options';
export type { FalMusicModelId } from './fal-music-model';
export type { FalSpeechModelId } from './fal-speech-model';
export { VERSION } from './version';
