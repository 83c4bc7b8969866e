import {
  HttpModel,
  SwitchyardError,
  ignoredSettings,
  modelPath,
  omitUndefined,
  omitUndefinedOrNone,
  postForBinary,
  unsupportedSetting,
  type CallOptions,
  type CostMetadata,
  type ModelHttpConfig,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type ModelIdRule,
  type Warning,
} from '@switchyard/core';
import { mapHuggingFaceError } from './huggingface-error';

/** Hugging Face repository ids: `org/name` (or a bare legacy `name`). */
export const HUGGINGFACE_MODEL_ID: ModelIdRule = {
  pattern: /^([A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/,
  form: 'a Hugging Face repository id "org/name", e.g. "black-forest-labs/FLUX.1-schnell" (letters, digits, _ . -)',
};

/** The body of an hf-inference text-to-image call. */
interface TextToImageBody {
  inputs: string;
  parameters?: {
    negative_prompt?: string;
    width?: number;
    height?: number;
    num_inference_steps?: number;
    guidance_scale?: number;
    seed?: number;
  };
}

/** What a {@link HuggingFaceImageModel} needs from its provider. */
export interface HuggingFaceImageModelConfig extends ModelHttpConfig {
  cost?: CostMetadata;
}

export const HUGGINGFACE_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: { minWidth: 256, maxWidth: 2048, minHeight: 256, maxHeight: 2048 },
  seed: true,
  negativePrompt: true,
};

/**
 * A text-to-image model on Hugging Face's hf-inference provider: one JSON
 * request, one image as raw bytes.
 */
export class HuggingFaceImageModel
  extends HttpModel<HuggingFaceImageModelConfig>
  implements ImageModel
{
  readonly kind = 'image';
  readonly capabilities = HUGGINGFACE_IMAGE_CAPABILITIES;
  protected override readonly mapError = mapHuggingFaceError;

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } = await postForBinary({
      ...this.http(options),
      url: `${this.config.baseURL}/hf-inference/models/${modelPath({
        provider: this.provider,
        modelId: this.modelId,
        rule: HUGGINGFACE_MODEL_ID,
      })}`,
      body,
    });
    if (!value.mimeType.startsWith('image/')) {
      throw new SwitchyardError({
        code: 'invalid_response',
        provider: this.provider,
        message: `${this.provider} answered ${value.mimeType} where an image was expected.`,
        responseHeaders,
      });
    }
    return {
      images: [
        {
          base64: Buffer.from(value.data).toString('base64'),
          mimeType: value.mimeType,
          ...omitUndefined({
            width: request.width,
            height: request.height,
            seed: request.seed,
          }),
        },
      ],
      warnings,
      responseHeaders,
    };
  }

  private getArgs(request: ImageRequest): {
    body: TextToImageBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    if (request.n !== undefined && request.n > 1) {
      warnings.push(
        unsupportedSetting({
          setting: 'n',
          details: `${this.modelId} makes one image per call; one was made.`,
        }),
      );
    }
    warnings.push(
      ...ignoredSettings(request, ['aspectRatio', 'referenceImages']),
    );
    const parameters = omitUndefinedOrNone({
      negative_prompt: request.negativePrompt,
      width: request.width,
      height: request.height,
      num_inference_steps: request.steps,
      guidance_scale: request.guidance,
      seed: request.seed,
    });
    return {
      body: omitUndefined({ inputs: request.prompt, parameters }),
      warnings,
    };
  }
}
