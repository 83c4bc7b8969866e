export { createLocal, switchyardProvider } from './local-provider';
export type { LocalProviderOptions } from './local-provider';
export type { LocalFaults, LocalSettings } from './settings';
export { VERSION } from './version';
