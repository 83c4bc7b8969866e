import {
  SwitchyardError,
  musicCapabilitiesSchema,
  speechCapabilitiesSchema,
} from '@switchyard/core';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import * as packageExports from './index';
import { createElevenLabs, switchyardProvider } from './index';

// The conformance kit checks speech and music models once it grows those
// kinds; today it checks the package's exports, and the tests below and in
// the model test files cover the rest per kind.
describeProviderConformance({
  packageName: '@switchyard/providers-elevenlabs',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createElevenLabs({ baseURL, apiKey }),
  apiKeyVariable: 'ELEVENLABS_API_KEY',
});

const SECRET = 'xi-secret-key-0123456789';
const TTS = 'POST /v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb';
const COMPOSE = 'POST /v1/music';

// Which fixtures are recorded and which rebuilt from the docs:
// packages/testing/fixtures/README.md, section elevenlabs/.
const ERROR_CASES = {
  'elevenlabs/error-401.invalid-api-key.json': {
    code: 'auth',
    statusCode: 401,
    messageContains: 'Invalid API key (invalid_api_key)',
  },
  'elevenlabs/error-401.quota-exceeded.json': {
    code: 'quota_exceeded',
    statusCode: 401,
    isRetryable: false,
    messageContains: '0 credits remaining',
  },
  'elevenlabs/error-404.voice-not-found.json': {
    code: 'not_found',
    isRetryable: false,
    messageContains: 'nonexistentvoice123 was not found',
  },
  'elevenlabs/error-429.system-busy.json': {
    code: 'overloaded',
    isRetryable: true,
    messageContains: 'heavy traffic',
  },
  'elevenlabs/error-429.too-many-concurrent-requests.json': {
    code: 'rate_limited',
    isRetryable: true,
    messageContains: 'maximum of 5 concurrent requests',
  },
  'elevenlabs/error-400.validation.json': {
    code: 'invalid_request',
    isRetryable: false,
    messageContains: 'keyterms',
  },
} as const;

describe('speech errors', () => {
  describeRecordedErrors({
    routes: [TTS],
    secret: SECRET,
    call: (url) =>
      createElevenLabs({ baseURL: url, apiKey: SECRET })
        .speechModel('eleven_multilingual_v2')
        .generate({ text: 'Hi' }, {}),
    cases: ERROR_CASES,
  });
});

describe('music errors', () => {
  describeRecordedErrors({
    routes: [COMPOSE],
    secret: SECRET,
    call: (url) =>
      createElevenLabs({ baseURL: url, apiKey: SECRET })
        .musicModel('music_v1')
        .generate({ prompt: 'drums' }, {}),
    cases: {
      ...ERROR_CASES,
      'elevenlabs/error-400.music.bad-prompt.json': {
        code: 'content_policy',
        messageContains: 'Suggested prompt',
      },
    },
  });
});

describe('createElevenLabs', () => {
  const upstream = useFakeUpstream({
    [TTS]: { response: { type: 'error', status: 500, body: 'boom' } },
    [COMPOSE]: { response: { type: 'error', status: 503, body: {} } },
  });

  it('should map server failures of either kind to retryable codes', async () => {
    const provider = createElevenLabs({
      baseURL: upstream.url,
      apiKey: SECRET,
    });
    await expect(
      provider.speechModel('eleven_v3').generate({ text: 'Hi' }, {}),
    ).rejects.toMatchObject({ code: 'server_error', isRetryable: true });
    await expect(
      provider.musicModel('music_v1').generate({ prompt: 'drums' }, {}),
    ).rejects.toMatchObject({ code: 'overloaded', isRetryable: true });
  });

  it('should fail with auth, before any request, when no key is set', async () => {
    vi.stubEnv('ELEVENLABS_API_KEY', '');
    try {
      const provider = createElevenLabs({ baseURL: upstream.url });
      const error: unknown = await provider
        .speechModel('eleven_v3')
        .generate({ text: 'Hi' }, {})
        .catch((reason: unknown) => reason);
      expect(SwitchyardError.isInstance(error) && error.code).toBe('auth');
      expect(String(error)).toContain('ELEVENLABS_API_KEY');
      expect(upstream.calls).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('should have no image or text models', () => {
    const provider = createElevenLabs({ apiKey: SECRET });
    expect(() => provider.imageModel('x')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
    expect(() => provider.textModel('x')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });

  it('should list each model with its capabilities and price per character or second', () => {
    const models = createElevenLabs({ apiKey: SECRET }).listModels();
    expect(models.map(({ id, kind, cost }) => ({ id, kind, cost }))).toEqual([
      {
        id: 'eleven_multilingual_v2',
        kind: 'speech',
        cost: { perCharacter: 100 },
      },
      { id: 'eleven_flash_v2_5', kind: 'speech', cost: { perCharacter: 50 } },
      { id: 'eleven_turbo_v2_5', kind: 'speech', cost: { perCharacter: 50 } },
      { id: 'eleven_v3', kind: 'speech', cost: { perCharacter: 100 } },
      { id: 'music_v1', kind: 'music', cost: { perSecond: 5_000 } },
    ]);
    for (const model of models) {
      const schema =
        model.kind === 'speech'
          ? speechCapabilitiesSchema
          : musicCapabilitiesSchema;
      expect(
        schema.safeParse(model.capabilities).error,
        model.id,
      ).toBeUndefined();
    }
    expect(switchyardProvider.features).toEqual(['speech', 'music']);
  });

  it('should give each model its own limits and take any voice id', () => {
    const provider = createElevenLabs({ apiKey: SECRET });
    const flash = provider.speechModel('eleven_flash_v2_5').capabilities;
    expect(flash).toMatchObject({
      maxCharacters: 40_000,
      defaultVoice: 'JBFqnCBsd6RMkjVDRZzb',
      formats: ['mp3', 'wav', 'opus', 'pcm'],
    });
    expect(flash.voices).toBeUndefined();
    expect(provider.speechModel('eleven_v3').capabilities.maxCharacters).toBe(
      5_000,
    );
    expect(provider.speechModel('eleven_v3').cost).toEqual({
      perCharacter: 100,
    });
    expect(provider.musicModel('music_v1').capabilities).toMatchObject({
      minDurationMs: 3_000,
      maxDurationMs: 600_000,
    });
  });
});
