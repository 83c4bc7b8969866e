export { createLocal, switchyardProvider } from './local-provider';
export type { LocalProvider, LocalProviderOptions } from './local-provider';
export type { LocalFaults, LocalSettings } from './settings';
export { VERSION } from './version';
