export { createElevenLabs, switchyardProvider } from './elevenlabs-provider';
export type {
  ElevenLabsProvider,
  ElevenLabsProviderSettings,
} from './elevenlabs-provider';
export type { ElevenLabsMusicModelId } from './elevenlabs-music-model';
export type {
  ElevenLabsSpeechModelId,
  ElevenLabsSpeechOptions,
} from './elevenlabs-speech-options';
export { VERSION } from './version';
