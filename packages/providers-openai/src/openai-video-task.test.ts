import { SwitchyardError } from '@switchyard/core';
import {
  abortWhilePolling,
  crashAndResume,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import {
  CONTENT,
  CREATE,
  KEY,
  MP4_BASE64,
  POLL,
  THUMBNAIL,
  VIDEO_ID,
  callsOf,
  contentRoute,
  job,
  mp4Answer,
  soraAt,
} from './__fixtures__/video-responses';
import { createOpenAI } from './index';

describe('OpenAI Sora tasks', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: job('videos.create.queued.json') },
    [POLL]: { response: job('videos.get.completed.json') },
    [CONTENT]: { response: contentRoute() },
  });
  const sora = () => soraAt(upstream.url);
  const callsMade = () => callsOf(upstream);
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!SwitchyardError.isInstance(error))
      throw new Error('expected a SwitchyardError');
    return error;
  };

  it('should fail a job the moderation system blocked with content_policy', async () => {
    upstream.routes[POLL] = { response: job('videos.get.failed.json') };
    const error = await failure(sora().generate({ prompt: 'x' }, {}));
    expect(error).toMatchObject({ code: 'content_policy', isRetryable: false });
    expect(error.message).toContain('blocked by our moderation system');
    expect(callsMade()).toEqual([CREATE, POLL]);
  });

  it('should fail another failed job with unknown, its message without the key', async () => {
    upstream.routes[POLL] = {
      response: job('videos.get.failed.json', {
        error: { code: 'internal_error', message: `Render failed for ${KEY}` },
      }),
    };
    const error = await failure(sora().generate({ prompt: 'x' }, {}));
    expect(error.code).toBe('unknown');
    expect(error.message).toContain('Render failed');
    expect(error.message).not.toContain(KEY);
  });

  it('should resume a job after a restart by its id, without a new create', async () => {
    upstream.routes[POLL] = { response: job('videos.get.in-progress.json') };
    const { taskId, result } = await crashAndResume({
      model: sora,
      request: { prompt: 'x', durationMs: 5_000 },
      beforeResume: () => {
        expect(callsMade()).toEqual([CREATE]);
        upstream.routes[POLL] = {
          response: [
            job('videos.get.in-progress.json'),
            job('videos.get.completed.json'),
          ],
        };
      },
    });
    expect(taskId).toBe(VIDEO_ID);
    expect(callsMade()).toEqual([CREATE, POLL, POLL, CONTENT, THUMBNAIL]);
    expect(result.video.base64).toBe(MP4_BASE64);
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'durationMs',
    ]);
  });

  it('should stop polling when the caller aborts, sending no DELETE (a running job cannot be cancelled)', async () => {
    upstream.routes[POLL] = { response: job('videos.get.in-progress.json') };
    await abortWhilePolling(
      (signal) => sora().generate({ prompt: 'x' }, { signal }),
      () => callsMade().includes(POLL),
    );
    await expect(sora().cancelTask?.(VIDEO_ID)).resolves.toBeUndefined();
    expect(new Set(callsMade())).toEqual(new Set([CREATE, POLL]));
  });

  it('should return the video without a poster, and say so, when the thumbnail fails', async () => {
    upstream.routes[CONTENT] = {
      response: contentRoute({
        type: 'error',
        status: 500,
        body: {
          error: { message: 'thumbnail unavailable', type: 'server_error' },
        },
      }),
    };
    const result = await sora().generate({ prompt: 'x' }, {});
    expect(result.video.base64).toBe(MP4_BASE64);
    expect(result.video.poster).toBeUndefined();
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'other',
        message: expect.stringContaining('thumbnail unavailable'),
      }),
    ]);
  });

  it('should refuse a video larger than its download bound', async () => {
    upstream.routes[CONTENT] = {
      response: {
        ...mp4Answer,
        headers: { 'content-length': String(80 * 1024 * 1024) },
      },
    };
    await expect(sora().generate({ prompt: 'x' }, {})).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('larger than'),
    });
  });

  it('should fail with not_found when the video expired before its download', async () => {
    upstream.routes[CONTENT] = {
      response: {
        type: 'error',
        status: 404,
        body: {
          error: { message: 'Video not found', type: 'invalid_request_error' },
        },
      },
    };
    await expect(sora().generate({ prompt: 'x' }, {})).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('the videos endpoint', () => {
  describeRecordedErrors({
    routes: [CREATE],
    secret: KEY,
    call: (url) =>
      createOpenAI({ apiKey: KEY, baseURL: `${url}/v1` })
        .videoModel('sora-2')
        .generate({ prompt: 'x' }, {}),
    cases: {
      'openai/error-400.content-policy.images.json': {
        code: 'content_policy',
        statusCode: 400,
      },
      'openai/error-401.invalid-api-key.json': { code: 'auth' },
      'openai/error-429.rate-limit-requests.json': {
        code: 'rate_limited',
        retryAfterMs: 4_000,
      },
      'openai/error-429.insufficient-quota.json': {
        code: 'quota_exceeded',
        isRetryable: false,
      },
      'openai/error-500.server-error.json': { code: 'server_error' },
      'openai/error-503.overloaded.json': { code: 'overloaded' },
    },
  });
});
