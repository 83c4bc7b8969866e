import {
  SwitchyardError,
  type MusicRequest,
  type SwitchyardError as SwitchyardErrorType,
} from '@switchyard/core';
import { fixtureResponse, type FakeResponse } from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { mp3Bytes, pcmBytes } from './__fixtures__/audio-bytes';
import { createElevenLabs } from './index';

// music.compose.success.headers.json is RECONSTRUCTED from the API docs
// (headers only); the MP3 bytes are generated here.
const COMPOSE = 'POST /v1/music';
const SONG = mp3Bytes(40);
const success = (
  body: Uint8Array = SONG,
  contentType = 'audio/mpeg',
): FakeResponse => {
  const recorded = fixtureResponse(
    'elevenlabs/music.compose.success.headers.json',
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

describe('ElevenLabsMusicModel', () => {
  const upstream = useFakeUpstream({ [COMPOSE]: { response: success() } });
  const music = (modelId = 'music_v1') =>
    createElevenLabs({
      baseURL: upstream.url,
      apiKey: 'xi-secret-key',
    }).musicModel(modelId);
  const generate = (request: MusicRequest) => music().generate(request, {});

  describe('generate', () => {
    it('should compose with the prompt and length and return the MP3 bytes', async () => {
      const result = await generate({
        prompt: 'A chill lo-fi hip hop beat with jazzy piano chords',
        durationMs: 45_000,
        instrumental: true,
      });
      const call = upstream.calls[0];
      expect(call?.url).toBe('/v1/music?output_format=mp3_44100_128');
      expect(call?.headers['xi-api-key']).toBe('xi-secret-key');
      expect(call?.bodyJson).toEqual({
        prompt: 'A chill lo-fi hip hop beat with jazzy piano chords',
        music_length_ms: 45_000,
        model_id: 'music_v1',
        force_instrumental: true,
      });
      expect(result.audio).toEqual({
        base64: Buffer.from(SONG).toString('base64'),
        format: 'mp3',
      });
      expect(result.warnings).toEqual([]);
    });

    it('should send the default length when the request names none, and warn about a seed', async () => {
      const result = await generate({ prompt: 'rain on a tin roof', seed: 3 });
      expect(upstream.calls[0]?.bodyJson).toEqual({
        prompt: 'rain on a tin roof',
        music_length_ms: 30_000,
        model_id: 'music_v1',
      });
      expect(result.warnings.map((warning) => warning.setting)).toEqual([
        'seed',
      ]);
    });

    it('should ask for PCM and say its sample rate and length', async () => {
      const bytes = pcmBytes({ sampleRate: 24_000, durationMs: 3_000 });
      upstream.routes[COMPOSE] = { response: success(bytes, 'audio/pcm') };
      const result = await generate({ prompt: 'drums', format: 'pcm' });
      expect(upstream.calls[0]?.url).toBe('/v1/music?output_format=pcm_24000');
      expect(result.audio).toMatchObject({
        format: 'pcm',
        sampleRate: 24_000,
        durationMs: 3_000,
      });
    });

    it('should refuse WAV, which the compose API does not make, before any call', async () => {
      const error = await failure(generate({ prompt: 'drums', format: 'wav' }));
      expect(error.code).toBe('unsupported');
      expect(upstream.calls).toHaveLength(0);
    });

    it('should pass a bad_prompt refusal on as content_policy with the suggested prompt', async () => {
      upstream.routes[COMPOSE] = {
        response: fixtureResponse('elevenlabs/error-400.music.bad-prompt.json'),
      };
      const error = await failure(
        generate({ prompt: 'A song like the Beatles' }),
      );
      expect(error.code).toBe('content_policy');
      expect(error.message).toContain('copyrighted artist');
      expect(error.message).toContain(
        'Suggested prompt: "An upbeat 1960s British rock song',
      );
    });

    it("should close the long compose request when the caller's signal aborts", async () => {
      upstream.routes[COMPOSE] = { response: { type: 'hang' } };
      const controller = new AbortController();
      const call = music().generate(
        { prompt: 'drums' },
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
