import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  type CostMetadata,
  type HttpProviderSettings,
  type ModelInfo,
  type ModelKind,
  type Provider,
  type TextCapabilities,
} from '@switchyard/core';
import { OpenAICompatibleChatModel } from '@switchyard/openai-compatible';
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

const API_KEY_VARIABLE = 'HF_TOKEN';
const BASE_URL_VARIABLE = 'HUGGINGFACE_BASE_URL';

/**
 * Settings of {@link createHuggingFace}: `apiKey` (default: the `HF_TOKEN`
 * variable), `baseURL` (default: `HUGGINGFACE_BASE_URL`, else
 * `https://router.huggingface.co`), `headers`, `fetch` and `name`.
 */
export type HuggingFaceProviderSettings = HttpProviderSettings;

/** The Hugging Face provider: text-to-image and chat models by Hub id. */
export interface HuggingFaceProvider extends Provider {
  imageModel(modelId: HuggingFaceImageModelId): HuggingFaceImageModel;
  textModel(modelId: HuggingFaceChatModelId): OpenAICompatibleChatModel;
}

const CHAT_CAPABILITIES: TextCapabilities = { streaming: true, seed: true };
/** Indicative prices in micro-credits (serverless inference is billed by compute time). */
const IMAGE_COST: CostMetadata = { perImage: 3_000 };
const CHAT_COST: CostMetadata = { perInputToken: 0.1, perOutputToken: 0.1 };

const MODELS: ModelInfo[] = [
  {
    id: 'black-forest-labs/FLUX.1-schnell',
    kind: 'image',
    capabilities: HUGGINGFACE_IMAGE_CAPABILITIES,
    cost: IMAGE_COST,
  },
  {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    kind: 'text',
    capabilities: CHAT_CAPABILITIES,
    cost: CHAT_COST,
  },
];

/** The price of a listed model; another Hub id has none (no guess). */
function listedCost(
  modelId: string,
  kind: ModelKind,
): CostMetadata | undefined {
  return MODELS.find((model) => model.id === modelId && model.kind === kind)
    ?.cost;
}

/**
 * Creates a Hugging Face provider: text-to-image on hf-inference (raw image
 * bytes) and chat completions through the router. The token is read when a
 * call is made, so a missing one fails that call with `auth`.
 *
 * @example
 * const hf = createHuggingFace({ apiKey: process.env.HF_TOKEN });
 * const { images } = await hf.imageModel('black-forest-labs/FLUX.1-schnell').generate({ prompt: 'a fox' }, {});
 */
export function createHuggingFace(
  settings: HuggingFaceProviderSettings = {},
): HuggingFaceProvider {
  const config = createModelHttpConfig({
    settings,
    providerName: 'huggingface',
    version: VERSION,
    apiKeyVariable: API_KEY_VARIABLE,
    baseURLVariable: BASE_URL_VARIABLE,
    defaultBaseURL: 'https://router.huggingface.co',
  });
  return {
    name: 'huggingface',
    imageModel: (modelId) =>
      new HuggingFaceImageModel(modelId, {
        ...config,
        cost: listedCost(modelId, 'image'),
      }),
    textModel: (modelId) =>
      new OpenAICompatibleChatModel(modelId, {
        ...config,
        baseURL: `${config.baseURL}/v1`,
        mapError: mapHuggingFaceError,
        capabilities: CHAT_CAPABILITIES,
        cost: listedCost(modelId, 'text'),
      }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Hugging Face in: `use: huggingface` in the config. */
export const switchyardProvider = defineProvider({
  name: 'huggingface',
  description:
    'Hugging Face Inference: text-to-image (FLUX.1-schnell and other Hub models) and chat completions.',
  features: ['image', 'text', 'text-stream'],
  costPerUnit: IMAGE_COST,
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: MODELS,
  create: (settings, context) =>
    createHuggingFace({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
