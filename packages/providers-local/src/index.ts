export { createLocal, switchyardProvider } from './local-provider';
export type { LocalProviderOptions } from './local-provider';
export { localFaultsSchema, localSettingsSchema } from './settings';
export type { LocalFaults, LocalSettings } from './settings';
export { DEFAULT_IMAGE_SIZE, MAX_IMAGE_SIDE } from './procedural-model';
