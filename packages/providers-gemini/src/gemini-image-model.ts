import {
  HttpModel,
  ignoredSettings,
  modelPath,
  omitUndefined,
  parseProviderOptions,
  postJson,
  unsupportedSetting,
  type CallOptions,
  type GeneratedImage,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type Warning,
} from '@switchyard/core';
import {
  GEMINI_MODEL_ID,
  answerText,
  generateContentSchema,
  predictSchema,
  throwIfBlocked,
  throwIfNoMedia,
  toContents,
  type ImageContentBody,
  type PredictBody,
} from './gemini-api';
import { mapGeminiError } from './gemini-error';
import { geminiImageOptionsSchema } from './gemini-options';
import { referenceImageParts, refuseEdits } from './gemini-reference-images';

const ASPECT_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'];

/** Imagen: up to 4 images per call, by aspect ratio. */
export const IMAGEN_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 4,
  sizes: ['1024x1024', '896x1280', '1280x896', '768x1408', '1408x768'],
  aspectRatios: ASPECT_RATIOS,
  seed: true,
  negativePrompt: false,
};

/**
 * Gemini image output: one image per call, from the prompt and up to three
 * input images to edit or combine (the documented best range for
 * gemini-2.5-flash-image), given inline; no mask.
 */
export const GEMINI_IMAGE_CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: ['1024x1024'],
  aspectRatios: ASPECT_RATIOS,
  seed: false,
  negativePrompt: false,
  referenceImages: true,
  maxReferenceImages: 3,
  mask: false,
};

/**
 * A Google image model: Imagen models (`imagen-*`) through `:predict`, Gemini
 * image-output models through `:generateContent` with image modality.
 */
export class GeminiImageModel extends HttpModel implements ImageModel {
  readonly kind = 'image';
  private readonly isImagen = this.modelId.startsWith('imagen');
  readonly capabilities: ImageCapabilities = this.isImagen
    ? IMAGEN_CAPABILITIES
    : GEMINI_IMAGE_CAPABILITIES;
  protected override readonly mapError = mapGeminiError;

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const warnings = this.warningsFor(request);
    return this.isImagen
      ? this.predict({ request, options, warnings })
      : this.generateContent({ request, options, warnings });
  }

  private async predict(args: {
    request: ImageRequest;
    options: CallOptions;
    warnings: Warning[];
  }): Promise<ImageModelResult> {
    const { request, options, warnings } = args;
    refuseEdits({ request, provider: this.provider, modelId: this.modelId });
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: 'gemini',
      providerOptions: request.providerOptions,
      schema: geminiImageOptionsSchema,
    });
    const body: PredictBody = {
      instances: [{ prompt: request.prompt }],
      parameters: omitUndefined({
        sampleCount: request.n,
        aspectRatio: aspectRatioOf(request),
        seed: request.seed,
        personGeneration: ownOptions?.personGeneration,
      }),
    };
    const { value, responseHeaders } = await postJson({
      ...this.callOptions(options, 'predict'),
      body,
      parse: predictSchema,
    });
    return {
      images: value.predictions.map((prediction) => ({
        base64: prediction.bytesBase64Encoded,
        mimeType: prediction.mimeType ?? 'image/png',
      })),
      warnings,
      responseHeaders,
    };
  }

  private async generateContent(args: {
    request: ImageRequest;
    options: CallOptions;
    warnings: Warning[];
  }): Promise<ImageModelResult> {
    const { request, options, warnings } = args;
    const aspectRatio = aspectRatioOf(request);
    const contents = toContents({ prompt: request.prompt });
    contents.contents[0]?.parts.push(
      ...referenceImageParts({
        request,
        provider: this.provider,
        modelId: this.modelId,
      }),
    );
    const body: ImageContentBody = {
      ...contents,
      generationConfig: omitUndefined<ImageContentBody['generationConfig']>({
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: aspectRatio === undefined ? undefined : { aspectRatio },
      }),
    };
    const { value, responseHeaders } = await postJson({
      ...this.callOptions(options, 'generateContent'),
      body,
      parse: generateContentSchema,
    });
    throwIfBlocked(value, this.provider);
    const commentary = answerText(value);
    const images = (value.candidates?.[0]?.content?.parts ?? []).flatMap(
      (part): GeneratedImage[] =>
        part.inlineData == null
          ? []
          : [
              {
                base64: part.inlineData.data,
                mimeType: part.inlineData.mimeType,
                ...(commentary === ''
                  ? {}
                  : { revisedPrompt: commentary.trim() }),
              },
            ],
    );
    throwIfNoMedia({
      response: value,
      count: images.length,
      media: 'image',
      provider: this.provider,
    });
    return {
      images,
      warnings,
      modelId: value.modelVersion ?? undefined,
      responseHeaders,
    };
  }

  private warningsFor(request: ImageRequest): Warning[] {
    const warnings = ignoredSettings(request, [
      'negativePrompt',
      'steps',
      'guidance',
    ]);
    if (!this.isImagen) {
      for (const setting of ['seed', 'n'] as const) {
        if (
          request[setting] !== undefined &&
          !(setting === 'n' && request.n === 1)
        ) {
          warnings.push(unsupportedSetting({ setting }));
        }
      }
    }
    if (request.width !== undefined && aspectRatioOf(request) === undefined) {
      warnings.push(
        unsupportedSetting({
          setting: 'width',
          details: `${this.modelId} takes an aspect ratio (${ASPECT_RATIOS.join(', ')}), not ${request.width}×${request.height ?? request.width}; the default was used.`,
        }),
      );
    }
    return warnings;
  }

  private callOptions(options: CallOptions, method: string) {
    return {
      ...this.http(options),
      url: `${this.config.baseURL}/models/${modelPath({
        provider: this.provider,
        modelId: this.modelId,
        rule: GEMINI_MODEL_ID,
      })}:${method}`,
    };
  }
}

/** The request's aspect ratio, or the one its width and height make exactly. */
function aspectRatioOf(request: ImageRequest): string | undefined {
  if (request.aspectRatio !== undefined) return request.aspectRatio;
  if (request.width === undefined || request.height === undefined)
    return undefined;
  const divisor = greatestCommonDivisor(request.width, request.height);
  const ratio = `${request.width / divisor}:${request.height / divisor}`;
  return ASPECT_RATIOS.includes(ratio) ? ratio : undefined;
}

function greatestCommonDivisor(first: number, second: number): number {
  return second === 0 ? first : greatestCommonDivisor(second, first % second);
}
