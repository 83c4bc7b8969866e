export { createFal, switchyardProvider } from './fal-provider';
export type { FalProvider, FalProviderSettings } from './fal-provider';
export type { FalImageModelId } from './fal-image-model';
export { VERSION } from './version';
