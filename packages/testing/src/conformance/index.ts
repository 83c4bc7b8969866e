export { describeProviderConformance } from './provider-conformance';
export type { ProviderConformanceOptions } from './provider-conformance';
export type { ConformanceModel } from './model-harness';
export type { BrokenStream, ConformanceStream } from './stream-conformance';
export { describeModelConformance } from './offline-conformance';
export type { ModelConformanceOptions } from './offline-conformance';
export { checkModelAudio } from './audio-checks';
export type { AudioCheck } from './audio-checks';
export { referencesNotSent } from './reference-checks';
export { describeRecordedErrors } from './recorded-errors';
export type { ExpectedError, RecordedErrorsOptions } from './recorded-errors';
export { useFakeUpstream } from './use-fake-upstream';
export { describeStoreConformance } from './store-conformance';
export type { StoreConformanceOptions } from './store-conformance';
export { abortWhilePolling, crashAndResume } from './task-scenarios';
export type {
  CrashAndResumeOptions,
  TaskScenarioModel,
} from './task-scenarios';
