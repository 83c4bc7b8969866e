import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SwitchyardError,
  type SpeechRequest,
  type SwitchyardError as SwitchyardErrorType,
} from '@switchyard/core';
import {
  fixtureResponse,
  fixturesDirectory,
  type FakeResponse,
} from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { mp3Bytes, pcmBytes, wavBytes } from './__fixtures__/audio-bytes';
import { createElevenLabs } from './index';

// text-to-speech.success.headers.json is RECONSTRUCTED from the API docs
// (headers only); the MP3/WAV/PCM bytes are generated here.
const GEORGE = 'JBFqnCBsd6RMkjVDRZzb';
const TTS = `POST /v1/text-to-speech/${GEORGE}`;
const MP3 = mp3Bytes();
const success = (
  body: Uint8Array = MP3,
  contentType = 'audio/mpeg',
): FakeResponse => {
  const recorded = fixtureResponse(
    'elevenlabs/text-to-speech.success.headers.json',
  );
  return {
    type: 'binary',
    status: 200,
    headers: {
      ...('headers' in recorded ? recorded.headers : {}),
      'content-type': contentType,
    },
    body,
  };
};

async function failure(call: Promise<unknown>): Promise<SwitchyardErrorType> {
  const outcome = await call.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
  if (!SwitchyardError.isInstance(outcome)) throw outcome;
  return outcome;
}

describe('ElevenLabsSpeechModel', () => {
  const upstream = useFakeUpstream({ [TTS]: { response: success() } });
  const speech = (modelId = 'eleven_multilingual_v2') =>
    createElevenLabs({
      baseURL: upstream.url,
      apiKey: 'xi-secret-key',
    }).speechModel(modelId);
  const generate = (request: SpeechRequest, modelId?: string) =>
    speech(modelId).generate(request, {});

  describe('generate', () => {
    it('should post the text with xi-api-key and return the MP3 bytes', async () => {
      const result = await generate({ text: 'The first move.' });
      const call = upstream.calls[0];
      expect(call?.url).toBe(
        `/v1/text-to-speech/${GEORGE}?output_format=mp3_44100_128`,
      );
      expect(call?.headers['xi-api-key']).toBe('xi-secret-key');
      expect(call?.headers.authorization).toBeUndefined();
      expect(call?.bodyJson).toEqual({
        text: 'The first move.',
        model_id: 'eleven_multilingual_v2',
      });
      expect(result.audio).toEqual({
        base64: Buffer.from(MP3).toString('base64'),
        format: 'mp3',
      });
      expect(result.warnings).toEqual([]);
      expect(result.responseHeaders?.['character-cost']).toBe('44');
    });

    it('should use a voice id of the account, such as one GET /v1/voices lists', async () => {
      const voices = JSON.parse(
        readFileSync(
          join(fixturesDirectory(), 'elevenlabs/voices.list.json'),
          'utf8',
        ),
      ) as { body: { voices: { voice_id: string }[] } };
      const voice = voices.body.voices[0]?.voice_id ?? '';
      upstream.routes[`POST /v1/text-to-speech/${voice}`] = {
        response: success(),
      };
      await generate({ text: 'Hi', voice });
      expect(upstream.calls[0]?.url).toMatch(
        new RegExp(`^/v1/text-to-speech/${voice}\\?`),
      );
    });

    it.each([
      ['wav', 'wav_24000', wavBytes({ sampleRate: 24_000, durationMs: 250 })],
      ['opus', 'opus_48000_64', new Uint8Array([0x4f, 0x67, 0x67, 0x53])],
    ] as const)(
      'should ask for %s as output_format %s',
      async (format, outputFormat, bytes) => {
        upstream.routes[TTS] = { response: success(bytes, `audio/${format}`) };
        const result = await generate({ text: 'Hi', format });
        expect(upstream.calls[0]?.url).toContain(
          `output_format=${outputFormat}`,
        );
        expect(result.audio).toEqual({
          base64: Buffer.from(bytes).toString('base64'),
          format,
        });
      },
    );

    it('should give the sample rate and length of raw PCM, which has no header', async () => {
      const bytes = pcmBytes({ sampleRate: 24_000, durationMs: 500 });
      upstream.routes[TTS] = { response: success(bytes, 'audio/pcm') };
      const result = await generate({ text: 'Hi', format: 'pcm' });
      expect(upstream.calls[0]?.url).toContain('output_format=pcm_24000');
      expect(result.audio).toMatchObject({
        format: 'pcm',
        sampleRate: 24_000,
        durationMs: 500,
      });
    });

    it('should refuse a format ElevenLabs cannot return, before any call', async () => {
      const error = await failure(generate({ text: 'Hi', format: 'flac' }));
      expect(error.code).toBe('unsupported');
      expect(upstream.calls).toHaveLength(0);
    });

    it('should send language_code, speed and voice settings to a model that takes them', async () => {
      await generate(
        {
          text: 'Hallo',
          language: 'de-DE',
          speed: 1.1,
          providerOptions: {
            elevenlabs: {
              stability: 0.4,
              seed: 7,
              apply_text_normalization: 'on',
            },
          },
        },
        'eleven_flash_v2_5',
      );
      expect(upstream.calls[0]?.bodyJson).toEqual({
        text: 'Hallo',
        model_id: 'eleven_flash_v2_5',
        language_code: 'de',
        voice_settings: { stability: 0.4, speed: 1.1 },
        seed: 7,
        apply_text_normalization: 'on',
      });
    });

    it('should warn, not send, what the model cannot take, and clamp the speed', async () => {
      const result = await generate({
        text: 'Hallo',
        language: 'de',
        speed: 2,
        instructions: 'cheerfully',
      });
      expect(upstream.calls[0]?.bodyJson).toEqual({
        text: 'Hallo',
        model_id: 'eleven_multilingual_v2',
        voice_settings: { speed: 1.2 },
      });
      expect(result.warnings.map((warning) => warning.setting).sort()).toEqual([
        'instructions',
        'language',
        'speed',
      ]);
    });

    it('should answer not_found for voice_not_found whatever its status', async () => {
      const missing = fixtureResponse(
        'elevenlabs/error-404.voice-not-found.json',
      );
      upstream.routes[TTS] = {
        response: { ...missing, status: 400 } as FakeResponse,
      };
      const error = await failure(generate({ text: 'Hi' }));
      expect(error).toMatchObject({ code: 'not_found', statusCode: 400 });
    });

    it('should refuse unknown provider options with invalid_request', async () => {
      const error = await failure(
        generate({ text: 'Hi', providerOptions: { elevenlabs: { pitch: 2 } } }),
      );
      expect(error.code).toBe('invalid_request');
      expect(upstream.calls).toHaveLength(0);
    });

    it('should answer not_found, without a call, for a voice id ElevenLabs cannot have', async () => {
      const error = await failure(generate({ text: 'Hi', voice: '../admin' }));
      expect(error.code).toBe('not_found');
      expect(upstream.calls).toHaveLength(0);
    });

    it('should refuse a 200 answer that is not audio', async () => {
      upstream.routes[TTS] = {
        response: success(new TextEncoder().encode('<html/>'), 'text/html'),
      };
      const error = await failure(generate({ text: 'Hi' }));
      expect(error.code).toBe('invalid_response');
    });

    it('should keep the Retry-After of a 429', async () => {
      const busy = fixtureResponse('elevenlabs/error-429.system-busy.json');
      upstream.routes[TTS] = {
        response: {
          ...busy,
          headers: {
            ...('headers' in busy ? busy.headers : {}),
            'retry-after': '7',
          },
        } as FakeResponse,
      };
      const error = await failure(generate({ text: 'Hi' }));
      expect(error).toMatchObject({ code: 'overloaded', retryAfterMs: 7_000 });
    });

    it('should read the fields of a FastAPI 422', async () => {
      upstream.routes[TTS] = {
        response: {
          type: 'error',
          status: 422,
          body: { detail: [{ loc: ['body', 'text'], msg: 'field required' }] },
        },
      };
      const error = await failure(generate({ text: 'Hi' }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('body.text: field required');
    });

    it("should close the upstream request when the caller's signal aborts", async () => {
      upstream.routes[TTS] = { response: { type: 'hang' } };
      const controller = new AbortController();
      const call = speech().generate(
        { text: 'Hi' },
        { signal: controller.signal },
      );
      await vi.waitFor(() => expect(upstream.calls).toHaveLength(1));
      controller.abort();
      const error = await failure(call);
      expect(error.code).toBe('cancelled');
      expect(await upstream.calls[0]?.ended).toBe('closed-early');
    });
  });
});
