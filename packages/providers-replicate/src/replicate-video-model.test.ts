// Fixtures: predictions.create.mochi-video.prefer-wait.json is recorded;
// predictions.get.mochi-video.{succeeded,failed}.json are RECONSTRUCTED from
// it and Replicate's docs (see @switchyard/testing's fixtures README). The tqdm log text of
// the processing polls is written here, shaped like the recorded logs.
import {
  abortWhilePolling,
  crashAndResume,
  describeModelConformance,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import type { TaskStatus } from '@switchyard/core';
import { describe, expect, it, vi } from 'vitest';
import { predictionResponse } from './__tests__/prediction-fixtures';
import {
  CREATE,
  callsOf,
  cancelled,
  describeCreateErrors,
  replicateAt,
} from './__tests__/replicate-fixture';
import { createReplicate } from './index';

const MOCHI_ID = 'v48356wb8srme0cmjfdrd0kmzm';
const MOCHI_VERSION =
  '1944af04d098ef69bed7f9d335d102e652203f268ec4aaa2d836f6217217e460';
const GET = `GET /predictions/${MOCHI_ID}`;
const CANCEL = `POST /predictions/${MOCHI_ID}/cancel`;
const VIDEO_URL =
  'https://replicate.delivery/xezq/kbgNy0QZ6bIFMJB84rMEuoD28JrnjyPfw5ZxUyaiMSkuuAEKA/output.mp4';

const recordedCreate = () =>
  predictionResponse('predictions.create.mochi-video.prefer-wait.json', {});
const starting = () =>
  predictionResponse('predictions.create.mochi-video.prefer-wait.json', {
    status: 'starting',
    output: null,
  });
const processing = (logs: string) =>
  predictionResponse('predictions.get.mochi-video.succeeded.json', {
    status: 'processing',
    output: null,
    logs,
  });
const succeeded = () =>
  predictionResponse('predictions.get.mochi-video.succeeded.json', {});
const TQDM_45 =
  'Loading pipeline...\n 45%|████▌     | 29/64 [00:13<00:16,  2.11it/s]';

describeCreateErrors((replicate) =>
  replicate
    .videoModel('genmoai/mochi-1')
    .generate({ prompt: 'A running dog' }, {}),
);

describe('Replicate video conformance', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: recordedCreate() },
  });
  describeModelConformance({
    name: 'replicate genmoai/mochi-1',
    kind: 'video',
    modelId: 'genmoai/mochi-1',
    model: () =>
      createReplicate({ baseURL: upstream.url, apiKey: 'r8' }).videoModel(
        'genmoai/mochi-1',
      ),
    request: { prompt: 'A running dog' },
    listModels: () => createReplicate({ apiKey: 'r8' }).listModels(),
  });
});

describe('Replicate video (genmoai/mochi-1)', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: starting() },
    [CANCEL]: { response: cancelled },
  });
  const mochi = (apiKey = 'r8') =>
    replicateAt(upstream.url, { apiKey }).videoModel('genmoai/mochi-1');
  const callsMade = () => callsOf(upstream);

  it('should create a Mochi prediction, report its progress from the logs and return the MP4 URL', async () => {
    upstream.routes[GET] = {
      response: [processing(TQDM_45), succeeded()],
    };
    const statuses: TaskStatus[] = [];
    const result = await mochi().generate(
      { prompt: 'A running dog', durationMs: 1_000, seed: 178 },
      { task: { onStatus: (status) => void statuses.push(status) } },
    );
    expect(callsMade()).toEqual([CREATE, GET, GET]);
    expect(upstream.calls[0]?.headers).toMatchObject({ prefer: 'wait=60' });
    // 1 s at Mochi's 30 fps: the 30 frames of the recorded prediction.
    expect(upstream.calls[0]?.bodyJson).toEqual({
      version: MOCHI_VERSION,
      input: { prompt: 'A running dog', num_frames: 30, seed: 178 },
    });
    expect(statuses[0]).toEqual({ state: 'queued' });
    expect(statuses[1]).toEqual({
      state: 'running',
      progress: 0.45,
      logs: [
        'Loading pipeline...',
        ' 45%|████▌     | 29/64 [00:13<00:16,  2.11it/s]',
      ],
    });
    // The API does not say how long the video is: 30 frames at 30 fps.
    expect(result.video).toEqual({
      url: VIDEO_URL,
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 1_000,
      fps: 30,
      hasAudio: false,
    });
    expect(result.warnings).toEqual([]);
  });

  it('should take the recorded Prefer: wait answer whose output is there without polling', async () => {
    upstream.routes[CREATE] = { response: recordedCreate() };
    const submitted: string[] = [];
    const result = await mochi().generate(
      { prompt: 'A running dog' },
      { task: { onSubmitted: (taskId) => void submitted.push(taskId) } },
    );
    expect(callsMade()).toEqual([CREATE]);
    expect(submitted).toEqual([MOCHI_ID]);
    expect(result.video).toMatchObject({ url: VIDEO_URL, durationMs: 1_000 });
  });

  it('should ask for whole frames at the frame rate, and say when the length had to change', async () => {
    upstream.routes[CREATE] = { response: recordedCreate() };
    const exact = await mochi().generate(
      { prompt: 'x', durationMs: 5_000, fps: 24, negativePrompt: 'cats' },
      {},
    );
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      input: { num_frames: 120, fps: 24 },
    });
    expect(exact.warnings.map((warning) => warning.setting)).toEqual([
      'negativePrompt',
    ]);
    // 2.05 s at 10 fps is 21 frames: Mochi makes 30 at least (3 s).
    const raised = await mochi().generate(
      { prompt: 'x', durationMs: 2_050, fps: 10 },
      {},
    );
    expect(upstream.calls[1]?.bodyJson).toMatchObject({
      input: { num_frames: 30, fps: 10 },
    });
    expect(raised.warnings).toEqual([
      expect.objectContaining({
        type: 'adjusted-setting',
        setting: 'durationMs',
        message: expect.stringContaining('3000 ms'),
      }),
    ]);
  });

  it('should fail an out-of-memory prediction with server_error, its text redacted of the token', async () => {
    upstream.routes[GET] = {
      response: predictionResponse('predictions.get.mochi-video.failed.json', {
        error:
          'CUDA out of memory while loading r8_secret_token_0123 (GPU 0; 79.15 GiB total capacity)',
      }),
    };
    const error = await mochi('r8_secret_token_0123')
      .generate({ prompt: 'x' }, {})
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('CUDA out of memory'),
    });
    expect(String((error as Error).message)).not.toContain(
      'r8_secret_token_0123',
    );
    expect((error as Error).message).toContain('[redacted]');
  });

  it('should resume a prediction after a restart by its id, with one create in all', async () => {
    upstream.routes[GET] = { response: processing(TQDM_45) };
    const { taskId, result } = await crashAndResume({
      model: mochi,
      request: { prompt: 'x' },
      beforeResume: () => {
        upstream.routes[GET] = { response: [processing(TQDM_45), succeeded()] };
      },
    });
    expect(taskId).toBe(MOCHI_ID);
    expect(callsMade().filter((call) => call === CREATE)).toHaveLength(1);
    expect(callsMade()).not.toContain(CANCEL);
    expect(result.video.url).toBe(VIDEO_URL);
  });

  it('should cancel the prediction at Replicate when the caller aborts', async () => {
    upstream.routes[GET] = { response: processing(TQDM_45) };
    await abortWhilePolling(
      (signal) => mochi().generate({ prompt: 'x' }, { signal }),
      () => callsMade().includes(GET),
    );
    await vi.waitFor(() => expect(callsMade()).toContain(CANCEL));
  });

  it('should fail with invalid_response when a prediction succeeds without a video', async () => {
    upstream.routes[GET] = {
      response: predictionResponse(
        'predictions.get.mochi-video.succeeded.json',
        { output: null },
      ),
    };
    await expect(mochi().generate({ prompt: 'x' }, {})).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });
});
