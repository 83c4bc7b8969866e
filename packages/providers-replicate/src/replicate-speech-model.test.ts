// Fixtures: predictions.create.kokoro-tts.prefer-wait.json, error-401.invalid-token.json
// and error-422.input-required.json are recorded; predictions.get.processing.json
// and error-402.insufficient-credit.json are RECONSTRUCTED from Replicate's docs;
// predictions.create.starting.json, error-429.throttled.json and
// error-500.json are SDK test mocks (see packages/testing/fixtures/README.md).
// The WAV bytes are made here.
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { base64Of, wavBytes } from './__tests__/audio-samples';
import { predictionResponse } from './__tests__/prediction-fixtures';
import {
  CREATE,
  callsOf,
  cancelled,
  describeCreateErrors,
  replicateAt,
} from './__tests__/replicate-fixture';
import { createReplicate } from './index';

const SPEECH_ID = 'j9092etjmxrge0cmt6atga3h9c';
const KOKORO_VERSION =
  'f559560eb822dc509045f3921a1921234918b91739db4bf3daab2169b71c7a13';
const GET = `GET /predictions/${SPEECH_ID}`;
const CANCEL = `POST /predictions/${SPEECH_ID}/cancel`;
const FILE =
  'GET /czjl/jdiXdCIYKRp1L16FEzVzzeIU68neGs6ksVRLfiUW5Intl8XoA/output.wav';
const WAV = wavBytes({ sampleRate: 24_000, durationMs: 250 });

describeCreateErrors(
  (replicate) =>
    replicate.speechModel('jaaari/kokoro-82m').generate({ text: 'Hello' }, {}),
  {
    'replicate/error-402.insufficient-credit.json': {
      code: 'quota_exceeded',
    },
    'replicate/error-422.input-required.json': {
      code: 'invalid_request',
      messageContains: 'input: text is required',
    },
  },
);

describe('Replicate speech (jaaari/kokoro-82m)', () => {
  const upstream = useFakeUpstream({
    [CANCEL]: { response: cancelled },
    [FILE]: {
      response: {
        type: 'binary',
        headers: { 'content-type': 'audio/x-wav' },
        body: WAV,
      },
    },
  });
  // The recorded Prefer: wait answer: status processing, output already there.
  const recorded = () =>
    predictionResponse('predictions.create.kokoro-tts.prefer-wait.json', {
      output: `${upstream.url}${FILE.slice('GET '.length)}`,
    });
  const kokoro = () =>
    replicateAt(upstream.url).speechModel('jaaari/kokoro-82m');
  const callsMade = () => callsOf(upstream);

  it('should create a Kokoro prediction and download its WAV at once', async () => {
    upstream.routes[CREATE] = { response: recorded() };
    const result = await kokoro().generate(
      {
        text: 'Kokoro is a frontier TTS model',
        voice: 'bm_george',
        speed: 1.25,
      },
      {},
    );
    expect(callsMade()).toEqual([CREATE, FILE]);
    expect(upstream.calls[0]?.headers).toMatchObject({ prefer: 'wait=60' });
    expect(upstream.calls[0]?.bodyJson).toEqual({
      version: KOKORO_VERSION,
      input: {
        text: 'Kokoro is a frontier TTS model',
        voice: 'bm_george',
        speed: 1.25,
      },
    });
    expect(upstream.calls[1]?.headers).not.toHaveProperty('authorization');
    expect(result.audio).toEqual({
      base64: base64Of(WAV),
      format: 'wav',
      mimeType: 'audio/wav',
      durationMs: 250,
      sampleRate: 24_000,
    });
    expect(result.warnings).toEqual([]);
  });

  it("should speak in the request's language, and warn of what Kokoro cannot do", async () => {
    upstream.routes[CREATE] = { response: recorded() };
    await kokoro().generate({ text: 'Bonjour', language: 'fr-FR' }, {});
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      input: { voice: 'ff_siwis' },
    });
    const result = await kokoro().generate(
      { text: 'Hi', voice: 'af_sky', language: 'ja', instructions: 'softly' },
      {},
    );
    expect(upstream.calls[2]?.bodyJson).toMatchObject({
      input: { voice: 'af_sky' },
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'instructions',
      'language',
    ]);
  });

  it('should default to af_bella', async () => {
    upstream.routes[CREATE] = { response: recorded() };
    await kokoro().generate({ text: 'Hi' }, {});
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      input: { voice: 'af_bella' },
    });
  });

  it('should poll a prediction that outlasts Prefer: wait', async () => {
    upstream.routes[CREATE] = {
      response: predictionResponse('predictions.create.starting.json', {
        id: SPEECH_ID,
      }),
    };
    upstream.routes[GET] = {
      response: [
        predictionResponse('predictions.get.processing.json', {
          id: SPEECH_ID,
        }),
        predictionResponse('predictions.create.kokoro-tts.prefer-wait.json', {
          status: 'succeeded',
          output: `${upstream.url}${FILE.slice('GET '.length)}`,
        }),
      ],
    };
    const result = await kokoro().generate({ text: 'Hi' }, {});
    expect(callsMade()).toEqual([CREATE, GET, GET, FILE]);
    expect(result.audio.base64).toBe(base64Of(WAV));
  });

  it('should cancel the prediction at Replicate when the caller aborts', async () => {
    upstream.routes[CREATE] = {
      response: predictionResponse('predictions.create.starting.json', {
        id: SPEECH_ID,
      }),
    };
    upstream.routes[GET] = {
      response: predictionResponse('predictions.get.processing.json', {
        id: SPEECH_ID,
      }),
    };
    const controller = new AbortController();
    const call = kokoro().generate(
      { text: 'Hi' },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(callsMade()).toContain(GET));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => expect(callsMade()).toContain(CANCEL));
  });

  it('should abort the create call itself when the caller aborts', async () => {
    upstream.routes[CREATE] = { response: { type: 'hang' } };
    const controller = new AbortController();
    const call = kokoro().generate(
      { text: 'Hi' },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(upstream.calls).toHaveLength(1));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should list Kokoro with its voices, WAV and its price', () => {
    const replicate = createReplicate({ apiKey: 'r8' });
    const kokoroInfo = replicate
      .listModels()
      .find((model) => model.id === 'jaaari/kokoro-82m');
    expect(kokoroInfo).toMatchObject({
      kind: 'speech',
      cost: { perRequest: 225, perSecond: 60 },
      capabilities: {
        formats: ['wav'],
        defaultVoice: 'af_bella',
        voices: expect.arrayContaining(['af_bella', 'bm_george', 'ff_siwis']),
      },
    });
    expect(replicate.speechModel('jaaari/kokoro-82m').capabilities).toEqual(
      kokoroInfo?.capabilities,
    );
  });
});
