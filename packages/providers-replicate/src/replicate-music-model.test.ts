// Fixtures: predictions.get.musicgen.succeeded.json, predictions.get.processing.json,
// predictions.get.failed.json and error-402.insufficient-credit.json are
// RECONSTRUCTED from Replicate's docs; predictions.create.starting.json,
// error-429.throttled.json and error-500.json are SDK test mocks;
// error-401.invalid-token.json and error-422.input-validation.json are
// recorded (see packages/testing/fixtures/README.md). The MP3 bytes are made here.
import {
  abortWhilePolling,
  crashAndResume,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { base64Of, mp3Bytes, wavBytes } from './__tests__/audio-samples';
import { predictionResponse } from './__tests__/prediction-fixtures';
import {
  CREATE,
  callsOf,
  cancelled,
  describeCreateErrors,
  replicateAt,
} from './__tests__/replicate-fixture';
import { createReplicate } from './index';

const MUSIC_ID = '8m2z7q3k1hrj00cmq1a4vh6yfw';
const MUSICGEN_VERSION =
  '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb';
const GET = `GET /predictions/${MUSIC_ID}`;
const CANCEL = `POST /predictions/${MUSIC_ID}/cancel`;
const FILE_PATH = '/pbxt/OeLYIQiltdzMaCex1shlEFy6bnFJaGt3SnP0DmCXoKzyPtQRA';
const MP3 = mp3Bytes(8);

const starting = () =>
  predictionResponse('predictions.create.starting.json', { id: MUSIC_ID });
const processing = () =>
  predictionResponse('predictions.get.processing.json', { id: MUSIC_ID });

describeCreateErrors(
  (replicate) =>
    replicate.musicModel('meta/musicgen').generate({ prompt: 'synth-pop' }, {}),
  {
    'replicate/error-402.insufficient-credit.json': {
      code: 'quota_exceeded',
      statusCode: 402,
      messageContains: 'insufficient credit',
    },
  },
);

describe('Replicate music (meta/musicgen)', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: starting() },
    [CANCEL]: { response: cancelled },
    [`GET ${FILE_PATH}/out.mp3`]: {
      response: {
        type: 'binary',
        headers: { 'content-type': 'audio/mpeg' },
        body: MP3,
      },
    },
  });
  const succeeded = (file = 'out.mp3') =>
    predictionResponse('predictions.get.musicgen.succeeded.json', {
      output: `${upstream.url}${FILE_PATH}/${file}`,
    });
  const musicgen = () => replicateAt(upstream.url).musicModel('meta/musicgen');
  const callsMade = () => callsOf(upstream);

  it('should create a MusicGen prediction, poll it and download its MP3', async () => {
    upstream.routes[GET] = { response: [processing(), succeeded()] };
    const result = await musicgen().generate(
      { prompt: 'synth-pop intro', durationMs: 8_000, seed: 42 },
      {},
    );
    expect(callsMade()).toEqual([CREATE, GET, GET, `GET ${FILE_PATH}/out.mp3`]);
    const [create, , , download] = upstream.calls;
    expect(create?.headers).toMatchObject({
      prefer: 'wait=60',
      authorization: 'Bearer r8',
    });
    expect(create?.bodyJson).toEqual({
      version: MUSICGEN_VERSION,
      input: {
        prompt: 'synth-pop intro',
        model_version: 'stereo-large',
        duration: 8,
        output_format: 'mp3',
        seed: 42,
      },
    });
    // The file is on Replicate's delivery host: the token stays home.
    expect(download?.headers).not.toHaveProperty('authorization');
    // Core's check decoded the bytes and measured them (8 frames of 26 ms).
    expect(result.audio).toEqual({
      base64: base64Of(MP3),
      format: 'mp3',
      mimeType: 'audio/mpeg',
      durationMs: 209,
      sampleRate: 44_100,
    });
    expect(result.warnings).toEqual([]);
  });

  it('should take a finished Prefer: wait answer without polling', async () => {
    upstream.routes[CREATE] = { response: succeeded() };
    const result = await musicgen().generate({ prompt: 'x' }, {});
    expect(callsMade()).toEqual([CREATE, `GET ${FILE_PATH}/out.mp3`]);
    expect(result.audio.base64).toBe(base64Of(MP3));
  });

  it('should ask for WAV, whole seconds and a checkpoint, and say what it rounded', async () => {
    const wav = wavBytes({ sampleRate: 32_000, durationMs: 100 });
    upstream.routes[CREATE] = { response: succeeded('out.wav') };
    upstream.routes[`GET ${FILE_PATH}/out.wav`] = {
      response: { type: 'binary', body: wav },
    };
    const result = await musicgen().generate(
      {
        prompt: 'x',
        format: 'wav',
        durationMs: 8_600,
        instrumental: false,
        providerOptions: { replicate: { modelVersion: 'stereo-melody-large' } },
      },
      {},
    );
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      input: {
        duration: 9,
        output_format: 'wav',
        model_version: 'stereo-melody-large',
      },
    });
    expect(result.audio).toMatchObject({
      base64: base64Of(wav),
      format: 'wav',
      durationMs: 100,
      sampleRate: 32_000,
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'instrumental',
      'durationMs',
    ]);
  });

  it('should refuse provider options it does not know, before any call', async () => {
    await expect(
      musicgen().generate(
        { prompt: 'x', providerOptions: { replicate: { duration: 99 } } },
        {},
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should resume a prediction after a restart by its id, without a new create', async () => {
    upstream.routes[GET] = { response: processing() };
    const { taskId, result } = await crashAndResume({
      model: musicgen,
      request: { prompt: 'x' },
      resumeRequest: { prompt: 'x', instrumental: false },
      beforeResume: () => {
        // The durable job's abort left the prediction running.
        expect(callsMade()).not.toContain(CANCEL);
        upstream.reset();
        upstream.routes[GET] = { response: [processing(), succeeded()] };
      },
    });
    expect(taskId).toBe(MUSIC_ID);
    expect(callsMade()).toEqual([GET, GET, `GET ${FILE_PATH}/out.mp3`]);
    expect(result.audio.base64).toBe(base64Of(MP3));
    expect(result.warnings).toEqual([
      expect.objectContaining({ setting: 'instrumental' }),
    ]);
  });

  it('should fail a prediction Replicate failed for safety with content_policy', async () => {
    upstream.routes[GET] = {
      response: predictionResponse('predictions.get.failed.json', {
        id: MUSIC_ID,
      }),
    };
    await expect(
      musicgen().generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({
      code: 'content_policy',
      message: expect.stringContaining('NSFW'),
    });
  });

  it('should cancel the prediction at Replicate when the caller aborts', async () => {
    upstream.routes[GET] = { response: processing() };
    await abortWhilePolling(
      (signal) => musicgen().generate({ prompt: 'x' }, { signal }),
      () => callsMade().includes(GET),
    );
    await vi.waitFor(() => expect(callsMade()).toContain(CANCEL));
  });

  it('should stop the download when the caller aborts', async () => {
    upstream.routes[CREATE] = { response: succeeded() };
    upstream.routes[`GET ${FILE_PATH}/out.mp3`] = {
      response: { type: 'hang' },
    };
    const controller = new AbortController();
    const call = musicgen().generate(
      { prompt: 'x' },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(upstream.calls).toHaveLength(2));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await expect(upstream.calls[1]?.ended).resolves.toBe('closed-early');
    // The prediction had its id handed over before the download: the caller
    // gave up on it, so it is cancelled (a no-op at Replicate once done).
    await vi.waitFor(() => expect(callsMade()).toContain(CANCEL));
  });

  it('should hand over the id of a finished Prefer: wait answer even when its download fails, then take it on the poll', async () => {
    upstream.routes[CREATE] = { response: succeeded() };
    upstream.routes[GET] = { response: succeeded() };
    upstream.routes[`GET ${FILE_PATH}/out.mp3`] = {
      response: [
        { type: 'error', status: 503, body: 'busy' },
        {
          type: 'binary',
          headers: { 'content-type': 'audio/mpeg' },
          body: MP3,
        },
      ],
    };
    const submitted: string[] = [];
    const result = await musicgen().generate(
      { prompt: 'x' },
      { task: { onSubmitted: (taskId) => void submitted.push(taskId) } },
    );
    expect(submitted).toEqual([MUSIC_ID]);
    expect(callsMade()).toEqual([
      CREATE,
      `GET ${FILE_PATH}/out.mp3`,
      GET,
      `GET ${FILE_PATH}/out.mp3`,
    ]);
    expect(result.audio.base64).toBe(base64Of(MP3));
  });

  it('should cancel a task it resumed but will not finish, through cancelTask', async () => {
    await musicgen().cancelTask?.(MUSIC_ID);
    expect(callsMade()).toEqual([CANCEL]);
  });

  it('should list MusicGen with its price per second and capabilities', () => {
    const models = createReplicate({ apiKey: 'r8' }).listModels();
    expect(models).toContainEqual(
      expect.objectContaining({
        id: 'meta/musicgen',
        kind: 'music',
        cost: { perSecond: 2_100 },
        capabilities: expect.objectContaining({ formats: ['mp3', 'wav'] }),
      }),
    );
  });
});

describe('Replicate music output', () => {
  const withoutFile = () =>
    predictionResponse('predictions.get.musicgen.succeeded.json', {
      output: null,
      status: 'succeeded',
    });
  const upstream = useFakeUpstream({
    [CREATE]: { response: withoutFile() },
    [GET]: { response: withoutFile() },
  });

  it('should fail with invalid_response when a prediction succeeds without a file', async () => {
    await expect(
      replicateAt(upstream.url)
        .musicModel('meta/musicgen')
        .generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
