import type { TaskStatus } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import {
  CANCEL,
  ID,
  INITIATE,
  KLING_I2V,
  KLING_T2V,
  PNG_BASE64,
  PUT_FRAME,
  RESULT,
  STATUS,
  SUBMIT,
  SUBMIT_I2V,
  VIDEO_URL,
  calls,
  fal,
  queueRoutes,
} from './__fixtures__/fal-video-fixtures';

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
        fixtureResponse('fal/queue.video.1-submit.json'),
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

  it('should map LTX and MiniMax inputs, with their own lengths', async () => {
    const completed = {
      response: fixtureResponse('fal/queue.video.3-status.completed.json'),
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
      response: fixtureResponse('fal/queue.video.2-status.in-progress.json'),
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
});
