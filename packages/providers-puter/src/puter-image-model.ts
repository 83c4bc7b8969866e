import {
  HttpModel,
  SwitchyardError,
  ignoredSettings,
  postForBinary,
  tryParseJson,
  unsupportedSetting,
  type CallOptions,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
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
export class PuterImageModel
  extends HttpModel<PuterModelConfig>
  implements ImageModel
{
  readonly kind = 'image';
  readonly capabilities = PUTER_IMAGE_CAPABILITIES;
  protected override readonly mapError = mapPuterError;

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const warnings = ignoredSettings(request, [
      'negativePrompt',
      'width',
      'aspectRatio',
      'seed',
      'steps',
      'guidance',
      'referenceImages',
    ]);
    if (request.n !== undefined && request.n > 1) {
      warnings.push(
        unsupportedSetting({
          setting: 'n',
          details: 'Puter makes one image per call; one was made.',
        }),
      );
    }
    const { value, responseHeaders } = await postForBinary({
      ...this.http(options),
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
