import type { Model, ModelKind, Provider } from '@switchyard/core';
import type {
  FakeResponse,
  FakeRoutes,
  FakeUpstream,
} from '../fake-upstream-types';

/** One model the suite exercises, with a request of its kind. */
export interface ConformanceModel<TRequest> {
  modelId: string;
  /** A request the model serves. */
  request: TRequest;
  /** The routes that answer one successful call (recorded fixtures); none for an offline provider. */
  routes?: FakeRoutes;
  /**
   * The route the call reaches first; the suite makes it fail in every
   * standard way. Leave it out only for a provider that makes no HTTP calls.
   */
  firstRoute?: string;
}

/** What {@link describeModel} needs from the provider suite. */
export interface ModelSuite {
  create(settings: { baseURL: string; apiKey?: string }): Provider;
  baseURL?: (url: string) => string;
  apiKeyVariable?: string;
  skip?: ReadonlyArray<'malformed-json'>;
}

/** One model under test against its fake upstream, for the describe blocks below. */
export interface ModelHarness {
  suite: ModelSuite;
  kind: ModelKind;
  model: ConformanceModel<unknown>;
  upstream(): FakeUpstream;
  baseURL(): string;
  provider(): Provider;
  modelOf(target: Provider, modelId?: string): Model;
  generate(target: Model, signal?: AbortSignal): Promise<unknown>;
  /** Makes the first route answer `response`. */
  failWith(response: FakeResponse): void;
}
