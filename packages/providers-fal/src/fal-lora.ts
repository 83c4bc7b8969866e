import {
  SwitchyardError,
  isValidModelId,
  type ImageCapabilities,
  type ImageModel,
} from '@switchyard/core';
import type { FalModelConfig } from './fal-endpoint';
import {
  createFalQueueModel,
  createFalRunImageModel,
  falImageEndpoint,
} from './fal-image-model';

/** The fal endpoint that serves FLUX.1 [dev] with LoRA weights ($0.035 per megapixel). */
export const FAL_FLUX_LORA = 'fal-ai/flux-lora';

/**
 * A trained LoRA's model id: `fal-ai/flux-lora@` and the weights file's URL
 * as base64url (no padding). It carries all `imageModel(id)` needs, so the
 * gateway keeps nothing: the id alone calls `fal-ai/flux-lora` with those
 * weights. base64url keeps the id inside core's model-id characters (`@`,
 * letters, digits, `-`, `_`; a raw URL's `//` is an empty path segment).
 */
const LORA_ID = /^fal-ai\/flux-lora@([A-Za-z0-9_-]+)$/;
const LORA_PREFIX = `${FAL_FLUX_LORA}@`;

/** Longest model id core accepts. */
const MAX_MODEL_ID_LENGTH = 256;

/** True for an id that names trained LoRA weights (`fal-ai/flux-lora@…`). */
export function isFalLoraModelId(modelId: string): boolean {
  return modelId.startsWith(LORA_PREFIX);
}

/**
 * The model id of trained weights at `weightsUrl`. An https URL too long to
 * fit a model id (over ~178 characters) fails with `invalid_response`: the
 * run's weights are still at that URL, but no id could call them.
 */
export function falLoraModelId(weightsUrl: string, provider: string): string {
  const invalid = (problem: string) =>
    new SwitchyardError({
      code: 'invalid_response',
      provider,
      message: `${provider}'s trained weights ${problem}.`,
    });
  if (!/^https:\/\//i.test(weightsUrl))
    throw invalid('are not at an https URL');
  const modelId = `${LORA_PREFIX}${Buffer.from(weightsUrl, 'utf8').toString('base64url')}`;
  if (modelId.length > MAX_MODEL_ID_LENGTH || !isValidModelId(modelId)) {
    throw invalid(
      `are at a URL too long to name as a model id (${weightsUrl.length} characters)`,
    );
  }
  return modelId;
}

/**
 * The weights URL a LoRA model id names; a malformed id (not base64url of an
 * https URL) is `invalid_request`.
 */
export function falLoraWeightsUrl(modelId: string, provider: string): string {
  const encoded = LORA_ID.exec(modelId)?.[1];
  const url =
    encoded === undefined
      ? undefined
      : Buffer.from(encoded, 'base64url').toString('utf8');
  if (
    encoded === undefined ||
    url === undefined ||
    Buffer.from(url, 'utf8').toString('base64url') !== encoded ||
    !URL.canParse(url) ||
    !/^https:\/\//i.test(url)
  ) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `${provider} has no model ${JSON.stringify(modelId.slice(0, 100))}: a trained LoRA is "${LORA_PREFIX}" and its weights URL as base64url, as training named it.`,
    });
  }
  return url;
}

/**
 * The image model of trained LoRA weights: `fal-ai/flux-lora` with
 * `loras: [{ path: <weights URL>, scale: 1 }]` and the request's prompt and
 * settings, reported under the trained id. The id is decoded at each call.
 */
export function createFalLoraImageModel(options: {
  modelId: string;
  config: FalModelConfig;
  capabilities: ImageCapabilities;
  mode: 'queue' | 'sync';
}): ImageModel {
  const { modelId, config, capabilities, mode } = options;
  const endpoint = falImageEndpoint(FAL_FLUX_LORA, config, () => ({
    loras: [{ path: falLoraWeightsUrl(modelId, config.provider), scale: 1 }],
  }));
  return mode === 'sync'
    ? createFalRunImageModel(modelId, config, { capabilities, endpoint })
    : createFalQueueModel(modelId, config, { capabilities, endpoint });
}
