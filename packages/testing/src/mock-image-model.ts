import type {
  CallOptions,
  CostMetadata,
  ImageCapabilities,
  ImageModel,
  ImageModelResult,
  ImageRequest,
} from '@switchyard/core';
import { notImplemented } from './not-implemented';

/** Constructor options of {@link MockImageModel}. */
export interface MockImageModelOptions {
  /** Default `mock-provider`. */
  provider?: string;
  /** Default `mock-model`. */
  modelId?: string;
  /** What `generate` does, or the result it returns. Default: throws "not implemented". */
  generate?: ImageModel['generate'] | ImageModelResult;
  /** Default: up to 4 images, any size from 64 to 2048 px, seed and negative prompt. */
  capabilities?: ImageCapabilities;
  cost?: CostMetadata;
}

/** One call a mock model received. */
export interface MockCall<TRequest> {
  request: TRequest;
  options: CallOptions;
}

/**
 * An image model for tests of code above the providers (engine, server):
 * `generate` does what the test says and every call is kept in `calls`.
 *
 * @example
 * ```ts
 * const model = new MockImageModel({
 *   generate: async () => ({ images: [image], warnings: [] }),
 * });
 * ```
 */
export class MockImageModel implements ImageModel {
  readonly kind = 'image';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ImageCapabilities;
  readonly cost?: CostMetadata;
  /** Every call to `generate`, in order. */
  readonly calls: MockCall<ImageRequest>[] = [];
  private readonly generateImplementation: ImageModel['generate'];

  constructor(options: MockImageModelOptions = {}) {
    this.provider = options.provider ?? 'mock-provider';
    this.modelId = options.modelId ?? 'mock-model';
    this.capabilities = options.capabilities ?? {
      maxImagesPerCall: 4,
      sizes: { minWidth: 64, maxWidth: 2048, minHeight: 64, maxHeight: 2048 },
      seed: true,
      negativePrompt: true,
    };
    this.cost = options.cost;
    const generate = options.generate;
    this.generateImplementation =
      typeof generate === 'function'
        ? generate
        : generate === undefined
          ? () => notImplemented('MockImageModel.generate')
          : () => Promise.resolve(structuredClone(generate));
  }

  /** Records the call, then runs the configured behaviour. */
  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    this.calls.push({ request, options });
    return this.generateImplementation(request, options);
  }
}
