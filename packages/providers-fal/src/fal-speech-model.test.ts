import type { FakeResponse } from '@switchyard/testing';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { silentWav } from './__fixtures__/silent-wav';
import { createFal } from './index';

// run.kokoro-tts.audio.json is RECONSTRUCTED from fal's API page (the shared
// fixtures README says so); the queue answers are rebuilt from fal's queue
// docs; the error fixtures are recorded (404, 422), captured (403 here) or
// reconstructed (401). The WAV the media host serves is generated here.
const ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const MODEL = 'fal-ai/kokoro/american-english';
const SUBMIT = `POST /queue/${MODEL}`;
const STATUS = `GET /queue/fal-ai/kokoro/requests/${ID}/status`;
const RESULT = `GET /queue/fal-ai/kokoro/requests/${ID}`;
const CANCEL = `PUT /queue/fal-ai/kokoro/requests/${ID}/cancel`;
const RUN = `POST /run/${MODEL}`;
const MEDIA = 'GET /media/files/elephant/speech.wav';
const WAV = silentWav(250);

/** The recorded output shape, pointing at the fake media host. */
function kokoroOutput(baseURL: string): FakeResponse {
  const fixture = fixtureResponse('fal/run.kokoro-tts.audio.json');
  const body = structuredClone(
    (fixture as { body: { audio: Record<string, unknown> } }).body,
  );
  body.audio.url = `${baseURL}/media/files/elephant/speech.wav`;
  return { type: 'json', body };
}

const fal = (url: string, extra: Parameters<typeof createFal>[0] = {}) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    pollIntervalMs: 1,
    apiKey: 'fal-secret-key',
    ...extra,
  });

describeRecordedErrors({
  routes: [SUBMIT, RUN],
  secret: 'fal-secret-key',
  call: (url) =>
    fal(url).speechModel(MODEL).generate({ text: 'The package arrives.' }, {}),
  cases: {
    'fal/error-401.unauthorized.json': { code: 'auth' },
    'fal/error-404.not-found.json': { code: 'not_found' },
    'fal/error-422.validation.json': {
      code: 'invalid_request',
      messageContains: 'body.model_name: field required',
    },
    [new URL('./__fixtures__/error-403.exhausted-balance.json', import.meta.url)
      .pathname]: { code: 'quota_exceeded', statusCode: 403 },
  },
});

describe('fal speech model', () => {
  const upstream = useFakeUpstream({
    [SUBMIT]: { response: fixtureResponse('fal/queue.1-submit.json') },
    [STATUS]: {
      response: [
        fixtureResponse('fal/queue.3-status.in-progress.json'),
        fixtureResponse('fal/queue.4-status.completed.json'),
      ],
    },
    [CANCEL]: {
      response: { type: 'json', status: 202, body: { status: 'OK' } },
    },
    [MEDIA]: {
      response: {
        type: 'binary',
        headers: { 'content-type': 'application/octet-stream' },
        body: WAV,
      },
    },
  });

  describe('generate', () => {
    it('should queue the text, then download the WAV without the key', async () => {
      upstream.routes[RESULT] = { response: kokoroOutput(upstream.url) };
      const result = await fal(upstream.url)
        .speechModel(MODEL)
        .generate(
          { text: 'The package arrives.', voice: 'am_adam', speed: 1.2 },
          {},
        );
      expect(
        upstream.calls.map((call) => `${call.method} ${call.url}`),
      ).toEqual([SUBMIT, STATUS, STATUS, RESULT, MEDIA]);
      expect(upstream.calls[0]?.bodyJson).toEqual({
        prompt: 'The package arrives.',
        voice: 'am_adam',
        speed: 1.2,
      });
      expect(upstream.calls[0]?.headers.authorization).toBe(
        'Key fal-secret-key',
      );
      expect(upstream.calls[4]?.headers.authorization).toBeUndefined();
      expect(result.audio).toEqual({
        base64: Buffer.from(WAV).toString('base64'),
        format: 'wav',
      });
      expect(result.warnings).toEqual([]);
    });

    it('should call the run endpoint in sync mode, and warn about instructions', async () => {
      upstream.routes[RUN] = { response: kokoroOutput(upstream.url) };
      const result = await fal(upstream.url, { mode: 'sync' })
        .speechModel(MODEL)
        .generate({ text: 'Hi', instructions: 'Whisper' }, {});
      expect(
        upstream.calls.map((call) => `${call.method} ${call.url}`),
      ).toEqual([RUN, MEDIA]);
      expect(result.audio.format).toBe('wav');
      expect(result.warnings.map((warning) => warning.setting)).toEqual([
        'instructions',
      ]);
    });

    it('should refuse an audio file larger than the bound without fetching it', async () => {
      upstream.routes[RUN] = {
        response: {
          type: 'json',
          body: {
            audio: {
              url: `${upstream.url}/media/files/elephant/speech.wav`,
              content_type: 'audio/wav',
              file_size: 60 * 1024 * 1024,
            },
          },
        },
      };
      await expect(
        fal(upstream.url, { mode: 'sync' })
          .speechModel(MODEL)
          .generate({ text: 'Hi' }, {}),
      ).rejects.toMatchObject({ code: 'invalid_response' });
      expect(upstream.calls.map((call) => call.url)).toEqual([`/run/${MODEL}`]);
    });

    it('should map rate limits and server errors by status', async () => {
      const speak = () =>
        fal(upstream.url, { mode: 'sync' })
          .speechModel(MODEL)
          .generate({ text: 'Hi' }, {});
      upstream.routes[RUN] = {
        response: {
          type: 'error',
          status: 429,
          headers: { 'retry-after': '7' },
          body: { detail: 'Too many requests' },
        },
      };
      await expect(speak()).rejects.toMatchObject({
        code: 'rate_limited',
        retryAfterMs: 7_000,
      });
      upstream.routes[RUN] = {
        response: { type: 'error', status: 500, body: { detail: 'boom' } },
      };
      await expect(speak()).rejects.toMatchObject({ code: 'server_error' });
    });

    it('should cancel the queued request at fal when the caller aborts', async () => {
      upstream.routes[STATUS] = {
        response: fixtureResponse('fal/queue.3-status.in-progress.json'),
      };
      const controller = new AbortController();
      const call = fal(upstream.url)
        .speechModel(MODEL)
        .generate({ text: 'Hi' }, { signal: controller.signal });
      await vi.waitFor(() => {
        expect(
          upstream.calls.some((entry) => entry.url.endsWith('/status')),
        ).toBe(true);
      });
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      await vi.waitFor(() => {
        expect(
          upstream.calls.map((entry) => `${entry.method} ${entry.url}`),
        ).toContain(CANCEL);
      });
    });

    it('should stop the download when the caller aborts', async () => {
      upstream.routes[RUN] = { response: kokoroOutput(upstream.url) };
      upstream.routes[MEDIA] = { response: { type: 'hang' } };
      const controller = new AbortController();
      const call = fal(upstream.url, { mode: 'sync' })
        .speechModel(MODEL)
        .generate({ text: 'Hi' }, { signal: controller.signal });
      await expect.poll(() => upstream.calls.length).toBe(2);
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      await expect(upstream.calls[1]?.ended).resolves.toBe('closed-early');
    });
  });

  it('should list Kokoro with its voices, wav only, priced per character', () => {
    const [kokoro] = createFal()
      .listModels()
      .filter((info) => info.kind === 'speech');
    expect(kokoro).toMatchObject({
      id: MODEL,
      capabilities: {
        formats: ['wav'],
        defaultVoice: 'af_heart',
        speed: true,
        instructions: false,
      },
      cost: { perCharacter: 20 },
    });
  });
});
