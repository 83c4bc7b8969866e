export { createSwitchyardClient } from './create-switchyard-client';
export type {
  GenerateMutate,
  SwitchyardClient,
  SwitchyardClientSettings,
  SwitchyardEventSource,
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
  GenerateBatchResult,
  GenerateInput,
  GenerateResult,
  GenerateResultFor,
  ImageGenerateInput,
  ImageResult,
  Job,
  MintedToken,
  MintTokenInput,
  MusicGenerateInput,
  MusicResult,
  ProviderListing,
  ProvidersHealth,
  RouterInputs,
  RouterOutputs,
  SpeechGenerateInput,
  SpeechResult,
  TargetHealthReport,
  TextGenerateInput,
  TextResult,
  TextStreamEvent,
  TrainingGenerateInput,
  TrainingResult,
  VideoGenerateInput,
  VideoResult,
} from './router-types';
export type { AppRouter } from '@switchyard/server';
