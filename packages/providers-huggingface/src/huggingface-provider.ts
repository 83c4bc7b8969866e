import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  resolveBaseURL,
  type HttpProviderSettings,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  chatModelFactory,
  type OpenAICompatibleChatModel,
} from '@switchyard/openai-compatible';
import { mapHuggingFaceError } from './huggingface-error';
import {
  HUGGINGFACE_IMAGE_CAPABILITIES,
  HuggingFaceImageModel,
} from './huggingface-image-model';
import type {
  HuggingFaceChatModelId,
  HuggingFaceImageModelId,
} from './huggingface-image-options';
import { VERSION } from './version';

/**
 * Settings of {@link createHuggingFace}: `apiKey` (default: the `HF_TOKEN`
 * variable), `baseURL` (default: `HUGGINGFACE_BASE_URL`, else
 * `https://router.huggingface.co`), `headers`, `fetch`, `name`, and its own below.
 */
export interface HuggingFaceProviderSettings extends HttpProviderSettings {
  /**
   * The Hub, where the health probe checks the token (`GET
   * /api/whoami-v2`). Default: `HUGGINGFACE_HUB_URL`, else
   * `https://huggingface.co`.
   */
  hubURL?: string;
}

/** The Hugging Face provider: text-to-image and chat models by Hub id. */
export interface HuggingFaceProvider extends Provider {
  imageModel(modelId: HuggingFaceImageModelId): HuggingFaceImageModel;
  textModel(modelId: HuggingFaceChatModelId): OpenAICompatibleChatModel;
}

/** Indicative prices in micro-credits (serverless inference is billed by compute time). */
const IMAGE_COST = { perImage: 3_000 };

const createChatModel = chatModelFactory({ mapError: mapHuggingFaceError });

const huggingface = defineHttpProvider({
  name: 'huggingface',
  description:
    'Hugging Face Inference: text-to-image (FLUX.1-schnell and other Hub models) and chat completions.',
  version: VERSION,
  features: ['image', 'text', 'text-stream'],
  costPerUnit: IMAGE_COST,
  environmentVariables: { apiKey: 'HF_TOKEN', baseURL: 'HUGGINGFACE_BASE_URL' },
  defaultBaseURL: 'https://router.huggingface.co',
  settingsSchema: httpProviderSettingsSchema.extend({
    hubURL: z.url().optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    hubURL: resolveBaseURL({
      baseURL: settings.hubURL,
      environmentVariableName: 'HUGGINGFACE_HUB_URL',
      defaultURL: 'https://huggingface.co',
    }),
  }),
  // The Hub's whoami reads the token's account: free, and needs the token.
  probe: {
    path: '/api/whoami-v2',
    mapError: mapHuggingFaceError,
    baseURL: (config) => config.hubURL,
  },
  // Another Hub id is served too, without a price (no guess).
  image: {
    capabilities: HUGGINGFACE_IMAGE_CAPABILITIES,
    models: { 'black-forest-labs/FLUX.1-schnell': { cost: IMAGE_COST } },
    create: (modelId, { config, cost }) =>
      new HuggingFaceImageModel(modelId, { ...config, cost }),
  },
  text: {
    capabilities: { streaming: true, seed: true },
    models: {
      'meta-llama/Llama-3.1-8B-Instruct': {
        cost: { perInputToken: 0.1, perOutputToken: 0.1 },
      },
    },
    // Chat completions live under the router's `/v1`.
    create: (modelId, context) =>
      createChatModel(modelId, {
        ...context,
        config: { ...context.config, baseURL: `${context.config.baseURL}/v1` },
      }),
  },
});

/**
 * Creates a Hugging Face provider: text-to-image on hf-inference (raw image
 * bytes) and chat completions through the router. The token is read when a
 * call is made, so a missing one fails that call with `auth`.
 *
 * @example
 * const hf = createHuggingFace({ apiKey: process.env.HF_TOKEN });
 * const { images } = await hf.imageModel('black-forest-labs/FLUX.1-schnell').generate({ prompt: 'a fox' }, {});
 */
export const createHuggingFace: (
  settings?: HuggingFaceProviderSettings,
) => HuggingFaceProvider = huggingface.createProvider;

/** How the server plugs Hugging Face in: `use: huggingface` in the config. */
export const switchyardProvider = huggingface.switchyardProvider;
