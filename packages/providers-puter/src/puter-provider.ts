import {
  defineHttpProvider,
  type HttpProviderSettings,
  type Provider,
} from '@switchyard/core';
import { PUTER_CHAT_CAPABILITIES, PuterChatModel } from './puter-chat-model';
import { PUTER_IMAGE_CAPABILITIES, PuterImageModel } from './puter-image-model';
import { mapPuterError } from './puter-error';
import { VERSION } from './version';

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
const IMAGE_COST = { perImage: 3_000 };

const puter = defineHttpProvider({
  name: 'puter',
  description:
    "Puter's AI drivers: txt2img (FLUX.1-schnell and others) and chat.",
  version: VERSION,
  features: ['image', 'text'],
  costPerUnit: IMAGE_COST,
  environmentVariables: {
    apiKey: 'PUTER_AUTH_TOKEN',
    baseURL: 'PUTER_BASE_URL',
  },
  defaultBaseURL: 'https://api.puter.com',
  // GET /whoami reads the token's user: free, and needs the token.
  probe: { path: '/whoami', mapError: mapPuterError },
  // Another id is served too, without a price (no guess).
  image: {
    capabilities: PUTER_IMAGE_CAPABILITIES,
    models: { 'flux-schnell': { cost: IMAGE_COST } },
    create: (modelId, { config, cost }) =>
      new PuterImageModel(modelId, { ...config, cost }),
  },
  text: {
    capabilities: PUTER_CHAT_CAPABILITIES,
    models: {
      'gpt-5-nano': { cost: { perInputToken: 0.05, perOutputToken: 0.4 } },
    },
    create: (modelId, { config, cost }) =>
      new PuterChatModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates a Puter provider: every call is one `POST /drivers/call` (txt2img
 * answering image bytes, chat answering JSON). A failure envelope is an error
 * even when it comes with HTTP 200. The token is read when a call is made.
 *
 * @example
 * const puter = createPuter({ apiKey: process.env.PUTER_AUTH_TOKEN });
 * const { images } = await puter.imageModel('flux-schnell').generate({ prompt: 'a fox' }, {});
 */
export const createPuter: (settings?: PuterProviderSettings) => PuterProvider =
  puter.createProvider;

/** How the server plugs Puter in: `use: puter` in the config. */
export const switchyardProvider = puter.switchyardProvider;
