import {
  HttpModel,
  ignoredSettings,
  omitUndefined,
  parseProviderOptions,
  postForm,
  postJson,
  SwitchyardError,
  unsupportedSetting,
  type HttpResult,
  type CallOptions,
  type CostMetadata,
  type GeneratedImage,
  type ImageCapabilities,
  type ImageModel,
  type ImageModelResult,
  type ImageRequest,
  type ModelTier,
  type Warning,
} from '@switchyard/core';
import type { z } from 'zod';
import {
  imagesResponseSchema,
  type ImagesGenerationBody,
} from './openai-image-api';
import { openAIEditCall, type OpenAIEditStyle } from './openai-image-edit';
import { mapOpenAIError } from './openai-error';
import { openAIImageOptionsSchema } from './openai-image-options';

type ImagesResponse = z.infer<typeof imagesResponseSchema>;

interface KnownImageModel {
  capabilities: ImageCapabilities;
  cost: CostMetadata;
  /** gpt-image-1 always answers base64 and rejects `response_format`. */
  sendsResponseFormat: boolean;
  /** How it edits (`POST /images/edits`); none for a model that cannot. */
  edits?: OpenAIEditStyle;
  /** Its quality and speed tiers, for `requirements`. */
  tier?: ModelTier;
}

/** DALL·E 3: listed, and what an unlisted image model id is treated as. */
export const DALL_E_3: KnownImageModel = {
  capabilities: {
    maxImagesPerCall: 1,
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    seed: false,
    negativePrompt: false,
    referenceImages: false,
    mask: false,
  },
  cost: { perImage: 40_000 },
  sendsResponseFormat: true,
};

/** Capabilities and list prices (micro-credits) of the models we know. */
export const OPENAI_IMAGE_MODELS: Record<string, KnownImageModel> = {
  'gpt-image-1': {
    capabilities: {
      maxImagesPerCall: 10,
      sizes: ['1024x1024', '1536x1024', '1024x1536'],
      seed: false,
      negativePrompt: false,
      referenceImages: true,
      maxReferenceImages: 16,
      mask: true,
    },
    cost: { perImage: 42_000 },
    sendsResponseFormat: false,
    edits: 'gpt-image',
    tier: { quality: 'premium' },
  },
  'dall-e-3': DALL_E_3,
  'dall-e-2': {
    capabilities: {
      maxImagesPerCall: 10,
      sizes: ['256x256', '512x512', '1024x1024'],
      seed: false,
      negativePrompt: false,
      referenceImages: true,
      maxReferenceImages: 1,
      mask: true,
    },
    cost: { perImage: 20_000 },
    sendsResponseFormat: true,
    edits: 'dall-e-2',
    tier: { quality: 'draft' },
  },
};

/**
 * An OpenAI image model over `POST /images/generations`, and `POST
 * /images/edits` for a request with `referenceImages` (and a `mask`).
 */
export class OpenAIImageModel extends HttpModel implements ImageModel {
  readonly kind = 'image';
  private readonly known = OPENAI_IMAGE_MODELS[this.modelId] ?? DALL_E_3;
  readonly capabilities: ImageCapabilities = this.known.capabilities;
  /** The list price of a known model id; none for another id (no guess). */
  override readonly cost?: CostMetadata =
    OPENAI_IMAGE_MODELS[this.modelId]?.cost;
  protected override readonly mapError = mapOpenAIError;

  async generate(
    request: ImageRequest,
    options: CallOptions,
  ): Promise<ImageModelResult> {
    const { body, warnings } = this.getArgs(request);
    const { value, responseHeaders } =
      (request.referenceImages?.length ?? 0) > 0
        ? await this.edit(request, body, options)
        : await postJson({
            ...this.http(options),
            url: `${this.config.baseURL}/images/generations`,
            body,
            parse: imagesResponseSchema,
          });
    const size = parseSize(body.size);
    // An item with neither b64_json nor url stays in: core's result check
    // fails the call with `invalid_response` (it retries and falls back).
    const images = value.data.map((item): GeneratedImage => {
      const common = {
        mimeType: 'image/png',
        ...size,
        ...(item.revised_prompt == null
          ? {}
          : { revisedPrompt: item.revised_prompt }),
      };
      if (item.b64_json != null) return { ...common, base64: item.b64_json };
      if (item.url != null) return { ...common, url: item.url };
      return common;
    });
    return { images, warnings, responseHeaders };
  }

  /** Edits the request's reference images: multipart, or JSON when one is a URL. */
  private async edit(
    request: ImageRequest,
    body: ImagesGenerationBody,
    options: CallOptions,
  ): Promise<HttpResult<ImagesResponse>> {
    const style = this.known.edits;
    if (style === undefined) {
      throw new SwitchyardError({
        code: 'unsupported',
        provider: this.provider,
        message: `${this.modelId} cannot edit images or take reference images; route edits to gpt-image-1 or dall-e-2.`,
      });
    }
    const call = openAIEditCall({
      provider: this.provider,
      modelId: this.modelId,
      style,
      request,
      fields: body,
    });
    const target = {
      ...this.http(options),
      url: `${this.config.baseURL}/images/edits`,
      parse: imagesResponseSchema,
    };
    return call.type === 'form'
      ? postForm({ ...target, form: call.form })
      : postJson({ ...target, body: call.body });
  }

  private getArgs(request: ImageRequest): {
    body: ImagesGenerationBody;
    warnings: Warning[];
  } {
    const warnings: Warning[] = [];
    const ownOptions = parseProviderOptions({
      provider: this.provider,
      key: 'openai',
      providerOptions: request.providerOptions,
      schema: openAIImageOptionsSchema,
    });
    warnings.push(
      ...ignoredSettings(request, [
        'seed',
        'negativePrompt',
        'steps',
        'guidance',
      ]),
    );
    if (request.referenceImages !== undefined && ownOptions?.style) {
      warnings.push(
        unsupportedSetting({
          setting: 'providerOptions.openai.style',
          details: 'style is a dall-e-3 setting; edits do not take it.',
        }),
      );
    }
    let size: string | undefined;
    if (request.width !== undefined && request.height !== undefined) {
      size = `${request.width}x${request.height}`;
    } else if (request.aspectRatio !== undefined) {
      warnings.push(
        unsupportedSetting({
          setting: 'aspectRatio',
          details: `${this.modelId} takes sizes, not aspect ratios; give width and height (${sizesOf(this.capabilities).join(', ')}).`,
        }),
      );
    }
    const body = omitUndefined<ImagesGenerationBody>({
      model: this.modelId,
      prompt: request.prompt,
      n: request.n,
      size,
      response_format: this.known.sendsResponseFormat ? 'b64_json' : undefined,
      quality: ownOptions?.quality,
      // dall-e-3 generations only (dall-e-3 cannot edit).
      style:
        request.referenceImages === undefined ? ownOptions?.style : undefined,
      background: ownOptions?.background,
      user: ownOptions?.user,
    });
    return { body, warnings };
  }
}

function sizesOf(capabilities: ImageCapabilities): string[] {
  return Array.isArray(capabilities.sizes) ? capabilities.sizes : [];
}

function parseSize(size: unknown): { width?: number; height?: number } {
  if (typeof size !== 'string') return {};
  const match = /^(\d+)x(\d+)$/.exec(size);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : {};
}
