export { createSwitchyardClient } from './create-switchyard-client';
export type {
  SwitchyardClient,
  SwitchyardClientSettings,
  SwitchyardHeaders,
} from './create-switchyard-client';
export { isSwitchyardError } from './switchyard-client-error';
export type {
  SwitchyardClientError,
  SwitchyardErrorCode,
  SwitchyardErrorData,
} from './switchyard-client-error';
export type {
  Attempt,
  GenerateInput,
  GenerateResult,
  ImageGenerateInput,
  ImageResult,
  ProviderListing,
  RouterInputs,
  RouterOutputs,
  TargetHealthReport,
  TextGenerateInput,
  TextResult,
} from './router-types';
export type { AppRouter } from '@switchyard/server';
