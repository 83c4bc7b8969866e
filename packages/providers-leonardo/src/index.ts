export { createLeonardo, switchyardProvider } from './leonardo-provider';
export type {
  LeonardoProvider,
  LeonardoProviderSettings,
} from './leonardo-provider';
export type { LeonardoImageModelId } from './leonardo-image-model';
export type { LeonardoImageOptions } from './leonardo-image-options';
export { VERSION } from './version';
