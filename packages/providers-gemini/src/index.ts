export { createGemini, switchyardProvider } from './gemini-provider';
export type { GeminiProvider, GeminiProviderSettings } from './gemini-provider';
export type {
  GeminiImageModelId,
  GeminiImageOptions,
  GeminiModelId,
  GeminiSpeechModelId,
  GeminiTextOptions,
  GeminiVideoModelId,
  GeminiVideoOptions,
} from './gemini-options';
export { VERSION } from './version';
