import type { TaskStatus } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeModelConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { createFal } from './index';

// The queue answers are the shared fixtures for a Kling video task (rebuilt
// from fal's queue docs; the result body is the recorded fal-ai/ltx-video
// output), copied into __fixtures__. Error bodies marked RECONSTRUCTED there
// are written from fal's error reference.
const own = (name: string) =>
  new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const ID = 'ad8fd5ba-4c1b-4a6e-9c2b-7f3f0c6b2d11';
const KLING_T2V = 'fal-ai/kling-video/v2.1/standard/text-to-video';
const KLING_I2V = 'fal-ai/kling-video/v2.1/standard/image-to-video';
const SUBMIT = `POST /queue/${KLING_T2V}`;
const SUBMIT_I2V = `POST /queue/${KLING_I2V}`;
const APP = '/queue/fal-ai/kling-video/requests';
const STATUS = `GET ${APP}/${ID}/status`;
const RESULT = `GET ${APP}/${ID}`;
const CANCEL = `PUT ${APP}/${ID}/cancel`;
const INITIATE = 'POST /storage/storage/upload/initiate';
const PUT_FRAME = 'PUT /upload/first-frame';
const VIDEO_URL =
  'https://v3.fal.media/files/kangaroo/IZn0hEJxd5OoapfNX6rSq_tmpfperp_j6.mp4';
const PNG_BASE64 = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3,
]).toString('base64');

const fal = (url: string, extra: Parameters<typeof createFal>[0] = {}) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    storageURL: `${url}/storage`,
    pollIntervalMs: 1,
    apiKey: 'fal-secret-key',
    ...extra,
  });

const calls = (upstream: { calls: { method: string; url: string }[] }) =>
  upstream.calls.map((call) => `${call.method} ${call.url}`);

const queueRoutes = () => ({
  [SUBMIT]: { response: fixtureResponse(own('queue.video.1-submit.json')) },
  [SUBMIT_I2V]: {
    response: fixtureResponse(own('queue.video.1-submit.json')),
  },
  [STATUS]: {
    response: [
      fixtureResponse('fal/queue.2-status.in-queue.json'),
      fixtureResponse(own('queue.video.2-status.in-progress.json')),
      fixtureResponse(own('queue.video.3-status.completed.json')),
    ],
  },
  [RESULT]: { response: fixtureResponse(own('queue.video.4-result.json')) },
  [CANCEL]: {
    response: { type: 'json' as const, status: 202, body: { status: 'OK' } },
  },
});

describeRecordedErrors({
  routes: [SUBMIT],
  secret: 'fal-secret-key',
  call: (url) =>
    fal(url).videoModel(KLING_T2V).generate({ prompt: 'a paper boat' }, {}),
  cases: {
    'fal/error-401.unauthorized.json': { code: 'auth' },
    'fal/error-422.validation.json': { code: 'invalid_request' },
    [own('error-422.content-policy.json')]: {
      code: 'content_policy',
      isRetryable: false,
      messageContains: 'flagged by a content checker',
    },
    [own('error-429.rate-limited.json')]: {
      code: 'rate_limited',
      retryAfterMs: 7_000,
    },
    [own('error-403.exhausted-balance.json')]: { code: 'quota_exceeded' },
  },
});

describe('fal video model', () => {
  const upstream = useFakeUpstream(queueRoutes());

  it('should submit prompt, length and ratio, report queue position, logs and progress, and return the hosted video', async () => {
    const statuses: TaskStatus[] = [];
    const result = await fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate(
        {
          prompt: 'A paper boat drifting down a rainy street gutter',
          negativePrompt: 'blur',
          durationMs: 10_000,
          aspectRatio: '9:16',
          seed: 3,
        },
        { task: { onStatus: (status) => statuses.push(status) } },
      );
    expect(upstream.calls[0]?.headers.authorization).toBe('Key fal-secret-key');
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'A paper boat drifting down a rainy street gutter',
      negative_prompt: 'blur',
      duration: '10',
      aspect_ratio: '9:16',
    });
    expect(calls(upstream)).toEqual([
      SUBMIT,
      `${STATUS}?logs=1`,
      `${STATUS}?logs=1`,
      `${STATUS}?logs=1`,
      RESULT,
    ]);
    expect(statuses).toEqual([
      { state: 'queued', position: 2 },
      {
        state: 'running',
        progress: 0.4,
        logs: ['Starting generation', 'Generating video: 40%'],
      },
      { state: 'succeeded' },
    ]);
    expect(result.video).toEqual({
      url: VIDEO_URL,
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 10_000,
      hasAudio: false,
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['seed']);
  });

  it('should make the longest clip within the length asked for, and say so', async () => {
    const result = await fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate({ prompt: 'a boat', durationMs: 7_000 }, {});
    expect(upstream.calls[0]?.bodyJson).toMatchObject({ duration: '5' });
    expect(result.video.durationMs).toBe(5_000);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        setting: 'durationMs',
        message: expect.stringContaining('lasts 5 s'),
      }),
    ]);
  });

  it('should pass a first frame URL through and send inline bytes as a data URL', async () => {
    const model = fal(upstream.url).videoModel(KLING_I2V);
    await model.generate(
      {
        prompt: 'the boat sails',
        image: { url: 'https://example.com/boat.png' },
        aspectRatio: '16:9',
      },
      {},
    );
    upstream.reset();
    await model.generate(
      {
        prompt: 'the boat sails',
        image: { base64: PNG_BASE64, mimeType: 'image/png' },
      },
      {},
    );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'the boat sails',
      duration: '5',
      image_url: `data:image/png;base64,${PNG_BASE64}`,
    });
  });

  it('should upload an inline first frame to fal storage when the endpoint refuses data URLs, then submit once more', async () => {
    upstream.routes[SUBMIT_I2V] = {
      response: [
        fixtureResponse('fal/error-400.unsupported-data-url.json'),
        fixtureResponse(own('queue.video.1-submit.json')),
      ],
    };
    upstream.routes[INITIATE] = {
      response: {
        type: 'json',
        body: {
          upload_url: `${upstream.url}/upload/first-frame`,
          file_url: 'https://v3.fal.media/files/x/first-frame.png',
        },
      },
    };
    upstream.routes[PUT_FRAME] = { response: { type: 'empty', status: 200 } };
    await fal(upstream.url)
      .videoModel(KLING_I2V)
      .generate(
        {
          prompt: 'the boat sails',
          image: { base64: PNG_BASE64, mimeType: 'image/png' },
        },
        {},
      );
    expect(calls(upstream).slice(0, 4)).toEqual([
      SUBMIT_I2V,
      INITIATE,
      PUT_FRAME,
      SUBMIT_I2V,
    ]);
    const [, initiate, put, again] = upstream.calls;
    expect(initiate?.headers.authorization).toBe('Key fal-secret-key');
    expect(initiate?.bodyJson).toEqual({
      content_type: 'image/png',
      file_name: 'first-frame.png',
    });
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers['content-type']).toBe('image/png');
    expect(Buffer.from(put?.bodyBytes ?? []).toString('base64')).toBe(
      PNG_BASE64,
    );
    expect(again?.bodyJson).toMatchObject({
      image_url: 'https://v3.fal.media/files/x/first-frame.png',
    });
  });

  it('should refuse what the model cannot do with unsupported, before any call', async () => {
    const provider = fal(upstream.url);
    const refusals = [
      provider
        .videoModel(KLING_T2V)
        .generate(
          { prompt: 'x', image: { url: 'https://example.com/a.png' } },
          {},
        ),
      provider.videoModel(KLING_I2V).generate({ prompt: 'x' }, {}),
      provider
        .videoModel(KLING_T2V)
        .generate({ prompt: 'x', format: 'webm' }, {}),
      provider
        .videoModel(KLING_T2V)
        .generate({ prompt: 'x', withAudio: true }, {}),
      provider
        .videoModel(KLING_T2V)
        .generate({ prompt: 'x', aspectRatio: '4:3' }, {}),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toMatchObject({ code: 'unsupported' });
    }
    expect(upstream.calls).toEqual([]);
  });

  it('should map LTX and MiniMax inputs, with their own lengths', async () => {
    const completed = {
      response: fixtureResponse(own('queue.video.3-status.completed.json')),
    };
    for (const [submit, app] of [
      ['fal-ai/ltx-video', 'fal-ai/ltx-video'],
      ['fal-ai/minimax/video-01', 'fal-ai/minimax'],
    ]) {
      upstream.routes[`POST /queue/${submit}`] = queueRoutes()[SUBMIT];
      upstream.routes[`GET /queue/${app}/requests/${ID}/status`] = completed;
      upstream.routes[`GET /queue/${app}/requests/${ID}`] =
        queueRoutes()[RESULT];
    }
    const request = { prompt: 'a fox', negativePrompt: 'blur', seed: 9 };
    const ltx = await fal(upstream.url)
      .videoModel('fal-ai/ltx-video')
      .generate(request, {});
    const minimax = await fal(upstream.url)
      .videoModel('fal-ai/minimax/video-01')
      .generate(request, {});
    const submits = upstream.calls.filter((call) => call.method === 'POST');
    expect(submits.map((call) => call.bodyJson)).toEqual([
      { prompt: 'a fox', negative_prompt: 'blur', seed: 9 },
      { prompt: 'a fox' },
    ]);
    expect(ltx.video.durationMs).toBe(5_000);
    expect(minimax.video.durationMs).toBe(6_000);
    expect(minimax.warnings.map((warning) => warning.setting)).toEqual([
      'negativePrompt',
      'seed',
    ]);
  });

  it('should resume a task in a fresh instance from its id alone, with one submission in all', async () => {
    let saved: string | undefined;
    const crashed = fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate(
        { prompt: 'a boat', durationMs: 10_000 },
        {
          task: {
            onSubmitted: (taskId) => {
              saved = taskId;
              throw new Error('the process stopped');
            },
          },
        },
      );
    await expect(crashed).rejects.toThrow('the process stopped');
    expect(saved).toBe(ID);
    const resumed = await fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate(
        { prompt: 'a boat', durationMs: 10_000 },
        { task: { resumeTaskId: saved } },
      );
    expect(resumed.video).toMatchObject({ url: VIDEO_URL, durationMs: 10_000 });
    expect(calls(upstream).filter((call) => call === SUBMIT)).toHaveLength(1);
    expect(calls(upstream).at(-1)).toBe(RESULT);
  });

  it('should cancel the request at fal when the caller aborts, and by id', async () => {
    upstream.routes[STATUS] = {
      response: fixtureResponse(own('queue.video.2-status.in-progress.json')),
    };
    const controller = new AbortController();
    const call = fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate({ prompt: 'a boat' }, { signal: controller.signal });
    await vi.waitFor(() => {
      expect(
        upstream.calls.some((entry) => entry.url.includes('/status')),
      ).toBe(true);
    });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => {
      expect(calls(upstream)).toContain(CANCEL);
    });
    upstream.reset();
    await fal(upstream.url).videoModel(KLING_T2V).cancelTask?.(ID);
    expect(calls(upstream)).toEqual([CANCEL]);
  });

  it('should fail with the error fal answers for the result of a failed task', async () => {
    upstream.routes[RESULT] = {
      response: fixtureResponse(own('error-500.runner-failed.json')),
    };
    const failure = fal(upstream.url)
      .videoModel(KLING_T2V)
      .generate({ prompt: 'a boat' }, {});
    await expect(failure).rejects.toMatchObject({
      code: 'server_error',
      isRetryable: false,
      message: expect.stringContaining(
        'Internal error while running the model',
      ),
    });
    upstream.reset();
    upstream.routes[RESULT] = {
      response: fixtureResponse(own('error-422.content-policy.json')),
    };
    await expect(
      fal(upstream.url).videoModel(KLING_T2V).generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({ code: 'content_policy' });
  });

  it('should list its video models with capabilities and prices', () => {
    const videos = createFal()
      .listModels()
      .filter((info) => info.kind === 'video');
    expect(videos.map((info) => [info.id, info.cost])).toEqual([
      [KLING_I2V, { perSecond: 56_000 }],
      ['fal-ai/kling-video/v2.1/master/text-to-video', { perSecond: 280_000 }],
      ['fal-ai/kling-video/v2.1/master/image-to-video', { perSecond: 280_000 }],
      ['fal-ai/ltx-video', { perRequest: 20_000 }],
      ['fal-ai/ltx-video/image-to-video', { perRequest: 20_000 }],
      ['fal-ai/minimax/video-01', { perRequest: 500_000 }],
      ['fal-ai/minimax/video-01/image-to-video', { perRequest: 500_000 }],
    ]);
    expect(videos[1]?.capabilities).toEqual({
      formats: ['mp4'],
      minDurationMs: 5_000,
      maxDurationMs: 10_000,
      defaultDurationMs: 5_000,
      textToVideo: true,
      imageToVideo: false,
      aspectRatios: ['16:9', '9:16', '1:1'],
      audio: false,
      seed: false,
    });
    expect(createFal().videoModel(KLING_T2V).capabilities).toMatchObject({
      textToVideo: true,
      imageToVideo: false,
    });
  });

  describeModelConformance({
    name: 'fal kling video',
    kind: 'video',
    modelId: KLING_T2V,
    model: () => fal(upstream.url).videoModel(KLING_T2V),
    request: { prompt: 'a paper boat', durationMs: 5_000 },
    listModels: () => createFal().listModels(),
  });
});
