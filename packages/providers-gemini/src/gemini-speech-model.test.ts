import { fixtureResponse } from '@switchyard/testing';
import {
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { createGemini } from './index';

// generateContent.tts.json is RECONSTRUCTED from the speech-generation docs
// (its audio is 10 ms of generated silence: 480 bytes of 24 kHz PCM); the
// error fixtures are recorded or captured (see the fixtures README).
const TTS = 'POST /models/gemini-2.5-flash-preview-tts:generateContent';
const TTS_FIXTURE = 'gemini/generateContent.tts.json';
/** The base64 PCM the fixture answers with. */
const recordedPcm = (): string => {
  const fixture = fixtureResponse(TTS_FIXTURE);
  const body = (fixture.type === 'json' ? fixture.body : undefined) as
    | {
        candidates: Array<{
          content: { parts: Array<{ inlineData: { data: string } }> };
        }>;
      }
    | undefined;
  return body?.candidates[0]?.content.parts[0]?.inlineData.data ?? '';
};

describeRecordedErrors({
  routes: [TTS],
  secret: 'gemini-secret-key',
  call: (url) =>
    createGemini({ baseURL: url, apiKey: 'gemini-secret-key' })
      .speechModel('gemini-2.5-flash-preview-tts')
      .generate({ text: 'hi' }, {}),
  cases: {
    'gemini/error-400.api-key-invalid.json': { code: 'auth', statusCode: 400 },
    'gemini/error-404.model-not-found.json': { code: 'not_found' },
    'gemini/error-429.resource-exhausted.json': {
      code: 'rate_limited',
      retryAfterMs: 34_400,
    },
    'gemini/error-500.internal.json': { code: 'server_error' },
    'gemini/error-503.overloaded.json': { code: 'overloaded' },
    'gemini/generateContent.prompt-blocked.json': {
      code: 'content_policy',
      messageContains: 'SAFETY',
    },
  },
});

describe('GeminiSpeechModel', () => {
  const upstream = useFakeUpstream({
    [TTS]: { response: fixtureResponse(TTS_FIXTURE) },
  });
  const model = () =>
    createGemini({ baseURL: upstream.url, apiKey: 'k' }).speechModel(
      'gemini-2.5-flash-preview-tts',
    );

  describe('generate', () => {
    it('should ask for audio in the voice and wrap the PCM as WAV', async () => {
      const result = await model().generate(
        { text: 'The package will arrive tomorrow.', voice: 'Puck' },
        {},
      );
      expect(upstream.calls[0]?.headers['x-goog-api-key']).toBe('k');
      expect(upstream.calls[0]?.bodyJson).toEqual({
        contents: [
          {
            role: 'user',
            parts: [{ text: 'The package will arrive tomorrow.' }],
          },
        ],
        generationConfig: {
          responseModalities: ['AUDIO'],
          speechConfig: {
            voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } },
          },
        },
      });
      const wav = Buffer.from(result.audio.base64 ?? '', 'base64');
      expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
      expect(wav.readUInt32LE(24)).toBe(24_000);
      expect(wav.subarray(44).toString('base64')).toBe(recordedPcm());
      expect(result.audio).toMatchObject({
        format: 'wav',
        sampleRate: 24_000,
        durationMs: 10,
      });
      expect(result.modelId).toBe('gemini-2.5-flash-preview-tts');
      expect(result.warnings).toEqual([]);
    });

    it('should hand the raw PCM over as pcm, in the default voice', async () => {
      const result = await model().generate(
        { text: 'Hello', format: 'pcm' },
        {},
      );
      expect(result.audio).toEqual({
        base64: recordedPcm(),
        format: 'pcm',
        sampleRate: 24_000,
        durationMs: 10,
      });
      expect(upstream.calls[0]?.bodyJson).toMatchObject({
        generationConfig: {
          speechConfig: {
            voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } },
          },
        },
      });
    });

    it('should put the instructions before the text, and warn about speed and language', async () => {
      const result = await model().generate(
        {
          text: 'Have a wonderful day!',
          instructions: 'Say cheerfully:',
          speed: 1.5,
          language: 'en',
        },
        {},
      );
      expect(upstream.calls[0]?.bodyJson).toMatchObject({
        contents: [
          { parts: [{ text: 'Say cheerfully: Have a wonderful day!' }] },
        ],
      });
      expect(result.warnings.map((warning) => warning.setting)).toEqual([
        'speed',
        'language',
      ]);
    });

    it('should refuse a format other than wav or pcm before any call', async () => {
      await expect(
        model().generate({ text: 'Hello', format: 'mp3' }, {}),
      ).rejects.toMatchObject({ code: 'unsupported' });
      expect(upstream.calls).toHaveLength(0);
    });

    it('should fail with invalid_response when the answer holds text, not audio', async () => {
      upstream.routes[TTS] = {
        response: {
          type: 'json',
          body: {
            candidates: [
              {
                content: { parts: [{ text: 'I cannot say that.' }] },
                finishReason: 'STOP',
              },
            ],
          },
        },
      };
      await expect(
        model().generate({ text: 'Hello' }, {}),
      ).rejects.toMatchObject({
        code: 'invalid_response',
        message: expect.stringContaining('no audio: "I cannot say that."'),
      });
    });

    it('should fail with content_policy when the candidate was stopped for safety', async () => {
      upstream.routes[TTS] = {
        response: {
          type: 'json',
          body: { candidates: [{ finishReason: 'PROHIBITED_CONTENT' }] },
        },
      };
      await expect(
        model().generate({ text: 'Hello' }, {}),
      ).rejects.toMatchObject({ code: 'content_policy' });
    });

    it('should abort the upstream request when the caller aborts', async () => {
      upstream.routes[TTS] = { response: { type: 'hang' } };
      const controller = new AbortController();
      const call = model().generate(
        { text: 'Hello' },
        { signal: controller.signal },
      );
      await expect.poll(() => upstream.calls.length).toBe(1);
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
    });
  });

  it('should list the TTS models with voices, formats and estimated prices', () => {
    const speech = createGemini()
      .listModels()
      .filter((info) => info.kind === 'speech');
    expect(speech.map((info) => info.id)).toEqual([
      'gemini-2.5-flash-preview-tts',
      'gemini-2.5-pro-preview-tts',
    ]);
    expect(speech[0]).toMatchObject({
      capabilities: { formats: ['wav', 'pcm'], defaultVoice: 'Kore' },
      cost: { perCharacter: 0.125, perSecond: 320 },
    });
  });
});
