import { fixtureResponse } from '@switchyard/testing';
import {
  describeModelConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import {
  KLING_I2V,
  KLING_T2V,
  RESULT,
  SUBMIT,
  fal,
  own,
  queueRoutes,
} from './__fixtures__/fal-video-fixtures';
import { createFal } from './index';

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

describe('fal video model: refusals, failures, listing', () => {
  const upstream = useFakeUpstream(queueRoutes());

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
