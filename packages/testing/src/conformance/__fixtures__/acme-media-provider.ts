import {
  SwitchyardError,
  defineProvider,
  generatedImageSchema,
  httpProviderSettingsSchema,
  loadApiKey,
  postForBinary,
  postJson,
  type AudioModelResult,
  type ImageModel,
  type MusicModel,
  type Provider,
  type SpeechModel,
} from '@switchyard/core';

/**
 * A tiny HTTP media provider for the kit's own tests: speech and music as
 * binary answers (`POST /speech`, `POST /music`), image edits as JSON
 * (`POST /edits`, the reference and mask inline). Written the way a real
 * provider package is, on core's HTTP helpers.
 */
export function createAcme(settings: {
  baseURL: string;
  apiKey?: string;
}): Provider {
  const provider = 'acme';
  const headers = () => ({
    authorization: `Bearer ${loadApiKey({ apiKey: settings.apiKey, environmentVariableName: 'ACME_API_KEY', provider })}`,
  });
  const audioCall = async (
    path: string,
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<AudioModelResult> => {
    const format = body.format === 'mp3' ? 'mp3' : 'wav';
    const { value } = await postForBinary({
      url: `${settings.baseURL}${path}`,
      provider,
      headers: headers(),
      body,
      signal,
    });
    const base64 = Buffer.from(value.data).toString('base64');
    return { audio: { base64, format }, warnings: [] };
  };
  const speech: SpeechModel = {
    kind: 'speech',
    provider,
    modelId: 'voice-1',
    capabilities: {
      formats: ['wav'],
      maxCharacters: 1_000,
      speed: false,
      instructions: false,
    },
    generate: (request, options) =>
      audioCall(
        '/speech',
        { text: request.text, format: request.format },
        options.signal,
      ),
  };
  const music: MusicModel = {
    kind: 'music',
    provider,
    modelId: 'tune-1',
    capabilities: {
      formats: ['wav'],
      maxDurationMs: 30_000,
      defaultDurationMs: 5_000,
      instrumental: true,
      seed: false,
    },
    generate: (request, options) =>
      audioCall(
        '/music',
        { prompt: request.prompt, format: request.format },
        options.signal,
      ),
  };
  const edit: ImageModel = {
    kind: 'image',
    provider,
    modelId: 'edit-1',
    capabilities: {
      maxImagesPerCall: 1,
      sizes: ['64x64'],
      seed: false,
      negativePrompt: false,
      referenceImages: true,
      mask: true,
    },
    async generate(request, options) {
      const reference = request.referenceImages?.[0];
      const { value } = await postJson({
        url: `${settings.baseURL}/edits`,
        provider,
        headers: headers(),
        body: {
          prompt: request.prompt,
          image:
            reference !== undefined && 'base64' in reference
              ? reference.base64
              : undefined,
          mask:
            request.mask !== undefined && 'base64' in request.mask
              ? request.mask.base64
              : undefined,
        },
        parse: generatedImageSchema.array(),
        signal: options.signal,
      });
      return { images: value, warnings: [] };
    },
  };
  return {
    name: provider,
    imageModel: (modelId) =>
      modelId === edit.modelId ? edit : unknown(modelId),
    textModel: unknown,
    speechModel: () => speech,
    musicModel: () => music,
    listModels: () => [
      { id: speech.modelId, kind: 'speech', capabilities: speech.capabilities },
      { id: music.modelId, kind: 'music', capabilities: music.capabilities },
      { id: edit.modelId, kind: 'image', capabilities: edit.capabilities },
    ],
  };
}

function unknown(modelId: string): never {
  throw new SwitchyardError({
    code: 'not_found',
    provider: 'acme',
    message: `acme has no model ${modelId}`,
  });
}

/** The package's version. */
export const VERSION = '0.0.0';

/** How a host plugs acme in. */
export const switchyardProvider = defineProvider({
  name: 'acme',
  description: 'Test media provider.',
  features: ['speech', 'music', 'image-edit'],
  costPerUnit: {},
  isAsync: false,
  settingsSchema: httpProviderSettingsSchema,
  models: [],
  create: (settings: { baseURL?: string; apiKey?: string }) =>
    createAcme({ baseURL: settings.baseURL ?? '', apiKey: settings.apiKey }),
});
