import {
  defineProvider,
  httpProviderSettingsSchema,
  lazyAuthHeaders,
  noModelsOfKind,
  resolveBaseURL,
  switchyardUserAgent,
  type CostMetadata,
  type FetchFunction,
  type ImageModel,
  type ModelInfo,
  type Provider,
} from '@switchyard/core';
import { z } from 'zod';
import {
  LEONARDO_IMAGE_CAPABILITIES,
  createLeonardoImageModel,
  type LeonardoImageModelId,
} from './leonardo-image-model';
import { VERSION } from './version';

const API_KEY_VARIABLE = 'LEONARDO_API_KEY';
const BASE_URL_VARIABLE = 'LEONARDO_BASE_URL';

/** Settings of {@link createLeonardo}. */
export interface LeonardoProviderSettings {
  /** API key. Default: the `LEONARDO_API_KEY` environment variable, read at call time. */
  apiKey?: string;
  /** Base URL. Default: `LEONARDO_BASE_URL`, else `https://cloud.leonardo.ai/api/rest/v1`. */
  baseURL?: string;
  /** Wait between status polls. Default 2000 ms. */
  pollIntervalMs?: number;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Custom fetch, for tests or proxies. Default: core's pooled HTTP client. */
  fetch?: FetchFunction;
  /** The name results and errors carry. Default `leonardo`; the server passes the instance's name. */
  name?: string;
}

/** The Leonardo provider: image models by platform model id (no text models). */
export interface LeonardoProvider extends Provider {
  imageModel(modelId: LeonardoImageModelId): ImageModel;
}

/** Indicative prices in micro-credits per image (Leonardo bills API credits). */
const COSTS: Record<string, CostMetadata> = {
  '6b645e3a-d64f-4341-a6d8-7a3690fbf042': { perImage: 10_000 },
  'b24e16ff-06e3-43eb-8d33-4416c2d75876': { perImage: 5_000 },
};

const MODELS: ModelInfo[] = Object.entries(COSTS).map(([id, cost]) => ({
  id,
  kind: 'image',
  capabilities: LEONARDO_IMAGE_CAPABILITIES,
  cost,
}));

/**
 * Creates a Leonardo.Ai provider: generations created, then polled until
 * done. The key is read when a call is made.
 *
 * @example
 * const leonardo = createLeonardo({ apiKey: process.env.LEONARDO_API_KEY });
 */
export function createLeonardo(
  settings: LeonardoProviderSettings = {},
): LeonardoProvider {
  const name = settings.name ?? 'leonardo';
  const config = {
    provider: name,
    baseURL: resolveBaseURL({
      baseURL: settings.baseURL,
      environmentVariableName: BASE_URL_VARIABLE,
      defaultURL: 'https://cloud.leonardo.ai/api/rest/v1',
    }),
    headers: lazyAuthHeaders({
      provider: name,
      apiKey: settings.apiKey,
      environmentVariableName: API_KEY_VARIABLE,
      headers: settings.headers,
    }),
    fetch: settings.fetch,
    userAgent: switchyardUserAgent('providers-leonardo', VERSION),
    pollIntervalMs: settings.pollIntervalMs,
  };
  return {
    name: 'leonardo',
    imageModel: (modelId) =>
      createLeonardoImageModel(modelId, { ...config, cost: COSTS[modelId] }),
    textModel: (modelId) =>
      noModelsOfKind({ provider: name, kind: 'text', modelId }),
    listModels: () => MODELS.map((model) => ({ ...model })),
  };
}

/** How the server plugs Leonardo in: `use: leonardo` in the config. */
export const switchyardProvider = defineProvider({
  name: 'leonardo',
  description: 'Leonardo.Ai image generations (create, then poll).',
  features: ['image'],
  costPerUnit: { perImage: 10_000 },
  isAsync: true,
  environmentVariables: {
    apiKey: API_KEY_VARIABLE,
    baseURL: BASE_URL_VARIABLE,
  },
  settingsSchema: httpProviderSettingsSchema.extend({
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  models: MODELS,
  create: (settings, context) =>
    createLeonardo({
      ...settings,
      name: context.instanceName,
      fetch: context.fetch,
    }),
});
