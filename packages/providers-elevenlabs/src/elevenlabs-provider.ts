import {
  defineHttpProvider,
  type HttpProviderSettings,
  type MusicModel,
  type Provider,
  type SpeechModel,
} from '@switchyard/core';
import {
  ELEVENLABS_MUSIC_CAPABILITIES,
  ELEVENLABS_MUSIC_MODELS,
  ElevenLabsMusicModel,
  type ElevenLabsMusicModelId,
} from './elevenlabs-music-model';
import { ElevenLabsSpeechModel } from './elevenlabs-speech-model';
import {
  ELEVENLABS_SPEECH_CAPABILITIES,
  ELEVENLABS_SPEECH_MODELS,
  type ElevenLabsSpeechModelId,
} from './elevenlabs-speech-options';
import { mapElevenLabsError } from './elevenlabs-error';
import { VERSION } from './version';

/**
 * Settings of {@link createElevenLabs}: `apiKey` (default: the
 * `ELEVENLABS_API_KEY` variable, read when a call is made; sent as
 * `xi-api-key`), `baseURL` (default: `ELEVENLABS_BASE_URL`, else
 * `https://api.elevenlabs.io`), `headers`, `fetch` and `name`.
 */
export type ElevenLabsProviderSettings = HttpProviderSettings;

/** The ElevenLabs provider: text-to-speech and music models by id. */
export interface ElevenLabsProvider extends Provider {
  speechModel(modelId: ElevenLabsSpeechModelId): SpeechModel;
  musicModel(modelId: ElevenLabsMusicModelId): MusicModel;
}

const elevenlabs = defineHttpProvider({
  name: 'elevenlabs',
  description:
    'ElevenLabs: text to speech (Multilingual v2, Flash/Turbo v2.5, v3; any voice id of the account) and Eleven Music.',
  version: VERSION,
  features: ['speech', 'music'],
  costPerUnit: { perCharacter: 100 },
  environmentVariables: {
    apiKey: 'ELEVENLABS_API_KEY',
    baseURL: 'ELEVENLABS_BASE_URL',
  },
  defaultBaseURL: 'https://api.elevenlabs.io',
  // GET /v1/models lists the models: free, and needs the key.
  probe: { path: '/v1/models', mapError: mapElevenLabsError },
  toHeaders: (apiKey) => ({ 'xi-api-key': apiKey }),
  speech: {
    capabilities: ELEVENLABS_SPEECH_CAPABILITIES,
    models: ELEVENLABS_SPEECH_MODELS,
    create: (modelId, { config, cost, capabilities }) =>
      new ElevenLabsSpeechModel(modelId, { ...config, cost, capabilities }),
  },
  music: {
    capabilities: ELEVENLABS_MUSIC_CAPABILITIES,
    models: ELEVENLABS_MUSIC_MODELS,
    create: (modelId, { config, cost }) =>
      new ElevenLabsMusicModel(modelId, { ...config, cost }),
  },
});

/**
 * Creates an ElevenLabs provider. The key is read when a call is made, so a
 * missing key fails that call with an `auth` error, never the factory.
 *
 * @example
 * const elevenLabs = createElevenLabs({ apiKey: process.env.ELEVENLABS_API_KEY });
 * const { audio } = await elevenLabs
 *   .speechModel('eleven_flash_v2_5')
 *   .generate({ text: 'Hello', voice: 'JBFqnCBsd6RMkjVDRZzb' }, {});
 */
export const createElevenLabs: (
  settings?: ElevenLabsProviderSettings,
) => ElevenLabsProvider = elevenlabs.createProvider;

/** How the server plugs ElevenLabs in: `use: elevenlabs` in the config. */
export const switchyardProvider = elevenlabs.switchyardProvider;
