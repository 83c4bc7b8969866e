export { createPuter, switchyardProvider } from './puter-provider';
export type {
  PuterChatModelId,
  PuterImageModelId,
  PuterProvider,
  PuterProviderSettings,
} from './puter-provider';
export { VERSION } from './version';
