// The motion answers are RECONSTRUCTED from Leonardo's docs and OpenAPI spec
// (see @switchyard/testing's fixtures README); the init image ones are the shared fixtures.
import { fixtureResponse } from '@switchyard/testing';
import {
  describeModelConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { presignedAnswer, tinyPng } from './__fixtures__/leonardo-upstream';
import { createLeonardo } from './index';

const GENERATION_ID = 'e7f1c2d3-4b5a-4c69-8d7e-0f1a2b3c4d5e';
const INIT_IMAGE_ID = '5d9e2f8a-3c1b-4e7a-9f20-6b8c4d1e7a53';
const INIT_IMAGE = 'POST /init-image';
const S3 = 'POST /s3-bucket/';
const MOTION = 'POST /generations-motion-svd';
const GET = `GET /generations/${GENERATION_ID}`;
const IMAGE = {
  base64: Buffer.from(tinyPng()).toString('base64'),
  mimeType: 'image/png' as const,
};
const REQUEST = { prompt: 'the lighthouse, waves moving', image: IMAGE };

const routes = () => ({
  [INIT_IMAGE]: {
    response: presignedAnswer(
      fixtureResponse('leonardo/init-image.upload.json'),
      'uploadInitImage',
    ),
  },
  [S3]: { response: fixtureResponse('leonardo/init-image.s3-upload.json') },
  [MOTION]: {
    response: fixtureResponse('leonardo/generations-motion-svd.create.json'),
  },
  [GET]: {
    response: [
      fixtureResponse('leonardo/generations.get.pending.json'),
      fixtureResponse('leonardo/generations.get.motion-complete.json'),
    ],
  },
});

const leonardo = (url: string, settings: object = {}) =>
  createLeonardo({
    baseURL: url,
    apiKey: 'lk',
    pollIntervalMs: 1,
    ...settings,
  });

describeRecordedErrors({
  routes: [INIT_IMAGE],
  secret: 'leonardo-secret-key',
  call: (url) =>
    createLeonardo({ baseURL: url, apiKey: 'leonardo-secret-key' })
      .videoModel('motion-svd')
      .generate(REQUEST, {}),
  cases: {
    'leonardo/error-401.access-denied.json': { code: 'auth', statusCode: 401 },
    'leonardo/error-403.content-moderation.json': {
      code: 'content_policy',
      statusCode: 403,
    },
    'leonardo/error-400.validation-failed.json': { code: 'invalid_request' },
  },
});

describe('Leonardo Motion model', () => {
  // Its own upstream: a call the abort test cuts off may still land after it.
  const upstream = useFakeUpstream(routes());
  describeModelConformance({
    name: 'Leonardo Motion',
    kind: 'video',
    modelId: 'motion-svd',
    model: () => leonardo(upstream.url).videoModel('motion-svd'),
    request: REQUEST,
    // Upload, S3, motion and two polls: still running a turn after it starts.
    slowRequest: REQUEST,
    listModels: () => leonardo(upstream.url).listModels(),
  });
});

describe('Leonardo Motion (SVD)', () => {
  const upstream = useFakeUpstream(routes());
  const callsMade = () =>
    upstream.calls.map((call) => `${call.method} ${call.url}`);
  const motion = (settings?: object) =>
    leonardo(upstream.url, settings).videoModel('motion-svd');

  it('should upload the image as an init image, animate it and return the video Leonardo hosts', async () => {
    const statuses: string[] = [];
    const result = await motion().generate(
      { ...REQUEST, seed: 3 },
      { task: { onStatus: (status) => statuses.push(status.state) } },
    );
    expect(callsMade()).toEqual([INIT_IMAGE, S3, MOTION, GET, GET]);
    expect(upstream.calls[0]?.bodyJson).toEqual({ extension: 'png' });
    expect(upstream.calls[1]?.headers).not.toHaveProperty('authorization');
    expect(upstream.calls[2]?.headers.authorization).toBe('Bearer lk');
    expect(upstream.calls[2]?.bodyJson).toEqual({
      imageId: INIT_IMAGE_ID,
      isInitImage: true,
      motionStrength: 5,
      isPublic: false,
    });
    expect(statuses).toEqual(['running', 'succeeded']);
    expect(result.video).toEqual({
      url: expect.stringMatching(/^https:\/\/cdn\.leonardo\.ai\/.+\.mp4$/),
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 4_000,
      width: 1024,
      height: 768,
      hasAudio: false,
      poster: {
        url: expect.stringMatching(/\.jpg$/),
        mimeType: 'image/jpeg',
      },
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'prompt',
      'seed',
    ]);
  });

  it('should take the motion strength from providerOptions and refuse a bad one before any call', async () => {
    await motion().generate(
      { ...REQUEST, providerOptions: { leonardo: { motionStrength: 9 } } },
      {},
    );
    expect(upstream.calls[2]?.bodyJson).toMatchObject({ motionStrength: 9 });
    upstream.reset();
    await expect(
      motion().generate(
        { ...REQUEST, providerOptions: { leonardo: { motionStrength: 11 } } },
        {},
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should refuse a request without an image, and other model ids', async () => {
    await expect(
      motion().generate({ prompt: 'a lighthouse' }, {}),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
    expect(() => leonardo(upstream.url).videoModel('motion-2')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });

  it('should map a moderated image, a rate limit and an outage at the motion endpoint', async () => {
    upstream.routes[MOTION] = {
      response: fixtureResponse('leonardo/error-403.content-moderation.json'),
    };
    await expect(motion().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'content_policy',
    });
    upstream.routes[MOTION] = {
      response: { type: 'error', status: 429, headers: { 'retry-after': '7' } },
    };
    await expect(motion().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7_000,
    });
    upstream.routes[MOTION] = {
      response: { type: 'error', status: 500, body: { error: 'down' } },
    };
    await expect(motion().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'server_error',
    });
  });

  it('should fail a FAILED generation, an unknown one, and a COMPLETE one without a video', async () => {
    const cases = [
      ['leonardo/generations.get.failed.json', 'unknown'],
      ['leonardo/generations.get.not-found.json', 'not_found'],
      ['leonardo/generations.get.complete.json', 'invalid_response'],
    ] as const;
    for (const [fixture, code] of cases) {
      upstream.routes[GET] = { response: fixtureResponse(fixture) };
      await expect(motion().generate(REQUEST, {})).rejects.toMatchObject({
        code,
      });
    }
  });

  it('should leave the generation on abort (Leonardo has no cancel) and resume it by id in a new process', async () => {
    const controller = new AbortController();
    const abandoned: string[] = [];
    await expect(
      motion().generate(REQUEST, {
        signal: controller.signal,
        task: {
          onSubmitted: () => controller.abort(),
          cancelTaskOnAbort: () => false,
          onAbandoned: (taskId) => abandoned.push(taskId),
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(callsMade()).toEqual([INIT_IMAGE, S3, MOTION]);
    const resumed = await motion().generate(REQUEST, {
      task: { resumeTaskId: GENERATION_ID },
    });
    expect(callsMade()).toEqual([INIT_IMAGE, S3, MOTION, GET, GET]);
    expect(resumed.video.url).toMatch(/\.mp4$/);
    expect(resumed.warnings.map((warning) => warning.setting)).toEqual([
      'prompt',
    ]);
    expect(abandoned).toEqual([]);
  });

  it('should stop polling on abort and cancel by id without a call', async () => {
    upstream.routes[GET] = {
      response: fixtureResponse('leonardo/generations.get.pending.json'),
    };
    const controller = new AbortController();
    const abandoned: string[] = [];
    const call = motion().generate(REQUEST, {
      signal: controller.signal,
      task: { onAbandoned: (taskId) => abandoned.push(taskId) },
    });
    await vi.waitFor(() => expect(callsMade()).toContain(GET));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    expect(abandoned).toEqual([GENERATION_ID]);
    const made = upstream.calls.length;
    await motion().cancelTask?.(GENERATION_ID);
    expect(upstream.calls).toHaveLength(made);
  });

  it('should list Motion as image-to-video only, priced per request', () => {
    const [video] = createLeonardo()
      .listModels()
      .filter((info) => info.kind === 'video');
    expect(video).toMatchObject({
      id: 'motion-svd',
      capabilities: {
        formats: ['mp4'],
        textToVideo: false,
        imageToVideo: true,
        defaultDurationMs: 4_000,
      },
      cost: { perRequest: 67_500 },
    });
  });
});
