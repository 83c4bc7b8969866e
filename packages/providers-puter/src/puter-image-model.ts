import {
  modelCallOptions,
  SwitchyardError,
  postForBinary,
  tryParseJson,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Warning,
} from '@switchyard/core';
import { driverCall, failureError, type PuterModelConfig } from './puter-api';
import { mapPuterError } from './puter-error';

export const PUTER_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: ['1024x1024'],
  seed: false,
  negativePrompt: false,
};

/** A Puter image model: the `puter-image-generation` driver, answering image bytes. */
export class PuterImageModel implements ImageModel {
  readonly kind = 'image';
  readonly provider: string;
  readonly capabilities = PUTER_IMAGE_CAPABILITIES;
  readonly cost?: CostMetadata;

  constructor(
    readonly modelId: string,
    private readonly config: PuterModelConfig,
  ) {
    this.provider = config.provider;
    this.cost = config.cost;
  }

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const warnings: Warning[] = [];
    for (const setting of [
      'negativePrompt',
      'width',
      'aspectRatio',
      'seed',
      'steps',
      'guidance',
      'referenceImages',
    ] as const) {
      if (request[setting] !== undefined)
        warnings.push(unsupportedSetting({ setting }));
    }
    if (request.n !== undefined && request.n > 1) {
      warnings.push(
        unsupportedSetting({
          setting: 'n',
          details: 'Puter makes one image per call; one was made.',
        }),
      );
    }
    const { value, responseHeaders } = await postForBinary({
      ...modelCallOptions({
        config: this.config,
        call: options,
        mapError: mapPuterError,
      }),
      url: `${this.config.baseURL}/drivers/call`,
      body: driverCall({
        interface: 'puter-image-generation',
        driver: 'ai-image',
        method: 'generate',
        args: { prompt: request.prompt, model: this.modelId },
      }),
    }).catch((error: unknown) => {
      // A failure envelope with HTTP 200 arrives as JSON where bytes were expected.
      const envelope =
        SwitchyardError.isInstance(error) && error.responseBody !== undefined
          ? failureError({
              body: tryParseJson(error.responseBody),
              provider: this.provider,
            })
          : undefined;
      throw envelope ?? error;
    });
    return {
      images: [
        {
          base64: Buffer.from(value.data).toString('base64'),
          mimeType: value.mimeType,
        },
      ],
      warnings,
      responseHeaders,
    };
  }
}
