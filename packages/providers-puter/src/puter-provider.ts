import {
  createModelHttpConfig,
  defineProvider,
  httpProviderSettingsSchema,
  type CostMetadata,
  type HttpProviderSettings,
  type ModelInfo,
  type ModelKind,
  type Provider,
} from '@switchyard/core';
import { PUTER_CHAT_CAPABILITIES, PuterChatModel } from './puter-chat-model';
import { PUTER_IMAGE_CAPABILITIES, PuterImageModel } from './puter-image-model';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'PUTER_AUTH_TOKEN';
const BASE_URL_VARIABLE = 'PUTER_BASE_URL';

/** Puter image model ids; `flux-schnell` is the same FLUX.1-schnell Hugging Face serves. */
export type PuterImageModelId =
  'flux-schnell' | 'gpt-image-1-mini' | (string & {});

/** Puter chat model ids; any other id Puter's ai-chat driver knows is passed through. */
export type PuterChatModelId = 'gpt-5-nano' | 'gpt-4o-mini' | (string & {});

/**
 * Settings of {@link createPuter}: `apiKey` (default: the `PUTER_AUTH_TOKEN`
 * variable), `baseURL` (default: `PUTER_BASE_URL`, else
 * `https://api.puter.com`), `headers`, `fetch` and `name`.
 */
export type PuterProviderSettings = HttpProviderSettings;

/** The Puter provider: image and chat models through Puter's drivers. */
export interface PuterProvider extends Provider {
  imageModel(modelId: PuterImageModelId): PuterImageModel;
  textModel(modelId: PuterChatModelId): PuterChatModel;
}

/** Indicative prices in micro-credits; Puter bills the user's own account. */
const IMAGE_COST: CostMetadata = { perImage: 3_000 };
const CHAT_COST: CostMetadata = { perInputToken: 0.05, perOutputToken: 0.4 };

const MODELS: ModelInfo[] = [
  {
    id: 'flux-schnell',
    kind: 'image',
    capabilities: PUTER_IMAGE_CAPABILITIES,
    cost: IMAGE_COST,
  },
  {
    id: 'gpt-5-nano',
    kind: 'text',
    capabilities: PUTER_CHAT_CAPABILITIES,
    cost: CHAT_COST,
  },
];

/** The price of a listed model; another id has none (no guess). */
function listedCost(
  modelId: string,
  kind: ModelKind,
): CostMetadata | undefined {
  return MODELS.find((model) => model.id === modelId && model.kind === kind)
    ?.cost;
}

/**
 * Creates a Puter provider: every call is one `POST /drivers/call` (txt2img
 * answering image bytes, chat answering JSON). A failure envelope is an error
 * even when it comes with HTTP 200. The token is read when a call is made.
 *
 * @example
 * const puter = createPuter({ apiKey: process.env.PUTER_AUTH_TOKEN });
 * const { images } = await puter.imageModel('flux-schnell').generate({ prompt: 'a fox' }, {});
 */
export function createPuter(
  settings: PuterProviderSettings = {},
): PuterProvider {
  const config = createModelHttpConfig({
    settings,
    providerName: 'puter',
    version: VERSION,
    apiKeyVariable: API_KEY_VARIABLE,
    baseURLVariable: BASE_URL_VARIABLE,
    defaultBaseURL: 'https://api.puter.com',
  });
  return {
    name: 'puter',
    imageModel: (modelId) =>
      new PuterImageModel(modelId, {
        ...config,
        cost: listedCost(modelId, 'image'),
      }),
    textModel: (modelId) =>
      new PuterChatModel(modelId, {
        ...config,
        cost: listedCost(modelId, 'text'),
      }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Puter in: `use: puter` in the config. */
export const switchyardProvider = defineProvider({
  name: 'puter',
  description:
    "Puter's AI drivers: txt2img (FLUX.1-schnell and others) and chat.",
  features: ['image', 'text'],
  costPerUnit: IMAGE_COST,
  isAsync: false,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema,
  models: MODELS,
  create: (settings, context) =>
    createPuter({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
