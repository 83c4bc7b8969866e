export { createReplicate, switchyardProvider } from './replicate-provider';
export type {
  ReplicateProvider,
  ReplicateProviderSettings,
} from './replicate-provider';
export type { ReplicateImageModelId } from './replicate-image-model';
export { VERSION } from './version';
