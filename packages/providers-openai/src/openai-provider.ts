import {
  defineHttpProvider,
  httpProviderSettingsSchema,
  type HttpProviderSettings,
  type Provider,
  type SpeechModel,
  type VideoModel,
} from '@switchyard/core';
import {
  chatModelFactory,
  speechModelFactory,
  type OpenAICompatibleChatModel,
} from '@switchyard/openai-compatible';
import { z } from 'zod';
import {
  chatOptionsToBody,
  openAIChatOptionsSchema,
  type OpenAIChatModelId,
  type OpenAIChatOptions,
} from './openai-chat-options';
import { mapOpenAIError } from './openai-error';
import {
  DALL_E_3,
  OPENAI_IMAGE_MODELS,
  OpenAIImageModel,
} from './openai-image-model';
import type { OpenAIImageModelId } from './openai-image-options';
import {
  OPENAI_SPEECH_CAPABILITIES,
  OPENAI_SPEECH_MODELS,
  type OpenAISpeechModelId,
} from './openai-speech-models';
import {
  OPENAI_VIDEO_MODELS,
  SORA_2,
  type OpenAIVideoModelId,
} from './openai-video-api';
import { createOpenAIVideoModel } from './openai-video-model';
import { VERSION } from './version';

/**
 * Settings of {@link createOpenAI}: `apiKey` (default: the `OPENAI_API_KEY`
 * variable), `baseURL` (default: `OPENAI_BASE_URL`, else
 * `https://api.openai.com/v1`; point it at any OpenAI-compatible server such
 * as vLLM, Ollama, LM Studio, Together or Groq), `headers`, `fetch`, `name`,
 * and OpenAI's own below.
 */
export interface OpenAIProviderSettings extends HttpProviderSettings {
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /** Wait between polls of a video job. Default 10,000 ms. */
  pollIntervalMs?: number;
}

/** The OpenAI provider: chat, image (generations and edits), speech and video (Sora) models by id. */
export interface OpenAIProvider extends Provider {
  textModel(
    modelId: OpenAIChatModelId,
  ): OpenAICompatibleChatModel<OpenAIChatOptions>;
  imageModel(modelId: OpenAIImageModelId): OpenAIImageModel;
  speechModel(modelId: OpenAISpeechModelId): SpeechModel;
  videoModel(modelId: OpenAIVideoModelId): VideoModel;
}

const openai = defineHttpProvider({
  name: 'openai',
  description:
    'OpenAI chat completions (with streaming), image generations and edits, text to speech, and Sora video; any OpenAI-compatible server through baseURL.',
  version: VERSION,
  features: ['image', 'text', 'text-stream', 'speech', 'image-edit', 'video'],
  costPerUnit: { perImage: 40_000 },
  environmentVariables: {
    apiKey: 'OPENAI_API_KEY',
    baseURL: 'OPENAI_BASE_URL',
  },
  defaultBaseURL: 'https://api.openai.com/v1',
  // GET /models lists the account's models: free, and needs the key.
  probe: { path: '/models', mapError: mapOpenAIError },
  toHeaders: (apiKey, settings) => ({
    authorization: `Bearer ${apiKey}`,
    'openai-organization': settings.organization,
    'openai-project': settings.project,
  }),
  settingsSchema: httpProviderSettingsSchema.extend({
    organization: z.string().optional(),
    project: z.string().optional(),
    pollIntervalMs: z.number().int().min(10).max(60_000).optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    pollIntervalMs: settings.pollIntervalMs,
  }),
  text: {
    capabilities: {
      streaming: true,
      seed: true,
      maxOutputTokens: 16_384,
      contextWindow: 128_000,
    },
    // List prices in micro-credits per token (1 credit = 1,000,000), and
    // tiers for `requirements`.
    models: {
      'gpt-4o-mini': {
        cost: { perInputToken: 0.15, perOutputToken: 0.6 },
        tier: { quality: 'standard', speed: 'fast' },
      },
      'gpt-4o': {
        cost: { perInputToken: 2.5, perOutputToken: 10 },
        tier: { quality: 'premium', speed: 'standard' },
      },
      'gpt-4.1': { cost: { perInputToken: 2, perOutputToken: 8 } },
      'gpt-4.1-mini': { cost: { perInputToken: 0.4, perOutputToken: 1.6 } },
      'gpt-4.1-nano': { cost: { perInputToken: 0.1, perOutputToken: 0.4 } },
      'o3-mini': { cost: { perInputToken: 1.1, perOutputToken: 4.4 } },
    },
    create: chatModelFactory({
      mapError: mapOpenAIError,
      maxTokensField: 'max_completion_tokens',
      providerOptions: {
        key: 'openai',
        schema: openAIChatOptionsSchema,
        toBody: chatOptionsToBody,
      },
    }),
  },
  image: {
    // Each listed model has its own; the model treats another id as DALL·E 3.
    capabilities: DALL_E_3.capabilities,
    models: OPENAI_IMAGE_MODELS,
    create: (modelId, { config }) => new OpenAIImageModel(modelId, config),
  },
  speech: {
    // Each listed model has its own; an unlisted id takes any voice.
    capabilities: OPENAI_SPEECH_CAPABILITIES,
    models: OPENAI_SPEECH_MODELS,
    // Raw `pcm` answers are 16-bit mono at 24 kHz.
    create: speechModelFactory({
      mapError: mapOpenAIError,
      pcmSampleRate: 24_000,
      // None yet: an option under providerOptions.openai is refused, not dropped.
      providerOptions: {
        key: 'openai',
        schema: z.strictObject({}),
        toBody: () => ({}),
      },
    }),
  },
  video: {
    // Each listed model's own spec comes from its id (sizes differ).
    capabilities: SORA_2.capabilities,
    models: OPENAI_VIDEO_MODELS,
    create: (modelId, { config, cost }) =>
      createOpenAIVideoModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates an OpenAI provider. The key is read when a call is made, so a
 * missing key fails that call with an `auth` error, never the factory.
 *
 * @example
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await openai.textModel('gpt-4o-mini').generate({ prompt: 'Hello' }, {});
 */
export const createOpenAI: (
  settings?: OpenAIProviderSettings,
) => OpenAIProvider = openai.createProvider;

/** How the server plugs OpenAI in: `use: openai` in the config. */
export const switchyardProvider = openai.switchyardProvider;
