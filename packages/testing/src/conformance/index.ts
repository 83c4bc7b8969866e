export { describeProviderConformance } from './provider-conformance';
export type {
  ConformanceModel,
  ProviderConformanceOptions,
} from './provider-conformance';
export type { BrokenStream, ConformanceStream } from './stream-conformance';
export { describeRecordedErrors } from './recorded-errors';
export type { ExpectedError, RecordedErrorsOptions } from './recorded-errors';
export { useFakeUpstream } from './use-fake-upstream';
export { describeStoreConformance } from './store-conformance';
export type { StoreConformanceOptions } from './store-conformance';
