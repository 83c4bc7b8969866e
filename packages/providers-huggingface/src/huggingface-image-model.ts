import {
  SwitchyardError,
  modelCallOptions,
  modelPath,
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
export class HuggingFaceImageModel implements ImageModel {
  readonly kind = 'image';
  readonly provider: string;
  readonly capabilities = HUGGINGFACE_IMAGE_CAPABILITIES;
  readonly cost?: CostMetadata;

  constructor(
    readonly modelId: string,
    private readonly config: HuggingFaceImageModelConfig,
  ) {
    this.provider = config.provider;
    this.cost = config.cost;
  }

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } = await postForBinary({
      ...modelCallOptions({
        config: this.config,
        call: options,
        mapError: mapHuggingFaceError,
      }),
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
          ...(request.width === undefined ? {} : { width: request.width }),
          ...(request.height === undefined ? {} : { height: request.height }),
          ...(request.seed === undefined ? {} : { seed: request.seed }),
        },
      ],
      warnings,
      responseHeaders,
    };
  }

  private getArgs(request: ImageRequest): {
    body: Record<string, unknown>;
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
    for (const setting of ['aspectRatio', 'referenceImages'] as const) {
      if (request[setting] !== undefined)
        warnings.push(unsupportedSetting({ setting }));
    }
    const parameters = Object.fromEntries(
      Object.entries({
        negative_prompt: request.negativePrompt,
        width: request.width,
        height: request.height,
        num_inference_steps: request.steps,
        guidance_scale: request.guidance,
        seed: request.seed,
      }).filter(([, value]) => value !== undefined),
    );
    return {
      body: {
        inputs: request.prompt,
        ...(Object.keys(parameters).length === 0 ? {} : { parameters }),
      },
      warnings,
    };
  }
}
