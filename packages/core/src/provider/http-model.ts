import type { MapError } from '../http/http-types';
import type { CallOptions, CostMetadata } from './contract';
import { modelCallOptions, type ModelHttpConfig } from './provider-settings';

/** What an {@link HttpModel} takes from its provider: the HTTP config and a price. */
export interface HttpModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
}

/**
 * The part every provider's HTTP model class shares: its id, the provider's
 * name and price from its config, and the HTTP helper options of a call.
 * A subclass adds `kind`, `capabilities` and `generate` (and may set
 * `mapError` to the provider's error cases).
 *
 * @example
 * ```ts
 * class AcmeImageModel extends HttpModel<AcmeModelConfig> implements ImageModel {
 *   readonly kind = 'image';
 *   readonly capabilities = ACME_CAPABILITIES;
 *   protected override readonly mapError = mapAcmeError;
 *   async generate(request, options) {
 *     const { value } = await postJson({ ...this.http(options), url, body, parse });
 *   }
 * }
 * ```
 */
export abstract class HttpModel<
  TConfig extends HttpModelConfig = HttpModelConfig,
> {
  readonly provider: string;
  readonly cost?: CostMetadata;
  /** The provider's special error cases on top of core's status mapping. */
  protected readonly mapError?: MapError;

  constructor(
    readonly modelId: string,
    protected readonly config: TConfig,
  ) {
    this.provider = config.provider;
    this.cost = config.cost;
  }

  /** The HTTP helper options of one call: everything but `url` and the body. */
  protected http(options: CallOptions): ReturnType<typeof modelCallOptions> {
    return modelCallOptions({
      config: this.config,
      call: options,
      mapError: this.mapError,
    });
  }
}
