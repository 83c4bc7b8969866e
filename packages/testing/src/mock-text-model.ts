import type {
  CallOptions,
  CostMetadata,
  TextCapabilities,
  TextModel,
  TextModelResult,
  TextRequest,
} from '@switchyard/core';
import type { MockCall } from './mock-image-model';
import { notImplemented } from './not-implemented';

/** Constructor options of {@link MockTextModel}. */
export interface MockTextModelOptions {
  /** Default `mock-provider`. */
  provider?: string;
  /** Default `mock-model`. */
  modelId?: string;
  /** What `generate` does, or the result it returns. Default: throws "not implemented". */
  generate?: TextModel['generate'] | TextModelResult;
  /** Default: no streaming, seed, 4096 output tokens, 128k context. */
  capabilities?: TextCapabilities;
  cost?: CostMetadata;
}

/**
 * A text model for tests of code above the providers (engine, server):
 * `generate` does what the test says and every call is kept in `calls`.
 *
 * @example
 * ```ts
 * const model = new MockTextModel({
 *   generate: { text: 'hi', finishReason: 'stop', usage, warnings: [] },
 * });
 * ```
 */
export class MockTextModel implements TextModel {
  readonly kind = 'text';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: TextCapabilities;
  readonly cost?: CostMetadata;
  /** Every call to `generate`, in order. */
  readonly calls: MockCall<TextRequest>[] = [];
  private readonly generateImplementation: TextModel['generate'];

  constructor(options: MockTextModelOptions = {}) {
    this.provider = options.provider ?? 'mock-provider';
    this.modelId = options.modelId ?? 'mock-model';
    this.capabilities = options.capabilities ?? {
      streaming: false,
      seed: true,
      maxOutputTokens: 4096,
      contextWindow: 128_000,
    };
    this.cost = options.cost;
    const generate = options.generate;
    this.generateImplementation =
      typeof generate === 'function'
        ? generate
        : generate === undefined
          ? () => notImplemented('MockTextModel.generate')
          : () => Promise.resolve(structuredClone(generate));
  }

  /** Records the call, then runs the configured behaviour. */
  async generate(
    request: TextRequest,
    options: CallOptions,
  ): Promise<TextModelResult> {
    this.calls.push({ request, options });
    return this.generateImplementation(request, options);
  }
}
