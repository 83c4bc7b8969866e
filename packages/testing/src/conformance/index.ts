export { describeProviderConformance } from './provider-conformance';
export type {
  ConformanceModel,
  ProviderConformanceOptions,
} from './provider-conformance';
