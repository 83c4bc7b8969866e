import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import * as packageExports from './index';
import { createReplicate } from './index';

const CREATE = 'POST /models/black-forest-labs/flux-schnell/predictions';
const RECORDED_ID = 'rrr4z55ocneqzikepnug6xezpe';
// The recorded polls belong to one prediction; the recorded "starting" create
// answer has another id, so tests that poll give the create answer this id.
const startingWithRecordedId = () => {
  const response = fixtureResponse(
    'replicate/predictions.create.starting.json',
  );
  return response.type === 'json'
    ? { ...response, body: { ...(response.body as object), id: RECORDED_ID } }
    : response;
};
const GET = `GET /predictions/${RECORDED_ID}`;
const CANCEL = `POST /predictions/${RECORDED_ID}/cancel`;

describeProviderConformance({
  packageName: '@switchyard/providers-replicate',
  exports: packageExports,
  create: ({ baseURL, apiKey }) =>
    createReplicate({ baseURL, apiKey, pollIntervalMs: 10 }),
  apiKeyVariable: 'REPLICATE_API_TOKEN',
  image: {
    modelId: 'black-forest-labs/flux-schnell',
    request: { prompt: 'a cake' },
    firstRoute: CREATE,
    routes: {
      [CREATE]: {
        response: fixtureResponse(
          'replicate/predictions.create.flux-schnell.prefer-wait.json',
        ),
      },
    },
  },
});

describeRecordedErrors({
  routes: [CREATE],
  secret: 'r8_secret_token',
  call: (url) =>
    createReplicate({ baseURL: url, apiKey: 'r8_secret_token' })
      .imageModel('black-forest-labs/flux-schnell')
      .generate({ prompt: 'a cake' }, {}),
  cases: {
    'replicate/error-401.unauthenticated.json': {
      code: 'auth',
      messageContains: 'valid authentication token',
    },
    'replicate/error-422.input-required.json': {
      code: 'invalid_request',
      messageContains: 'input: text is required',
    },
    'replicate/error-422.input-validation.json': {
      code: 'invalid_request',
      messageContains: 'Additional property provider is not allowed',
    },
    'replicate/error-429.throttled.json': {
      code: 'rate_limited',
      retryAfterMs: 1_000,
    },
    'replicate/error-500.json': { code: 'server_error' },
  },
});

describe('createReplicate', () => {
  const upstream = useFakeUpstream({
    [CREATE]: {
      response: fixtureResponse(
        'replicate/predictions.create.flux-schnell.prefer-wait.json',
      ),
    },
    'POST /predictions': {
      response: fixtureResponse('replicate/predictions.create.version.json'),
    },
    [GET]: {
      response: [
        fixtureResponse('replicate/predictions.get.processing.json'),
        fixtureResponse('replicate/predictions.get.succeeded.json'),
      ],
    },
    [CANCEL]: { response: { type: 'json', status: 200, body: {} } },
  });
  const replicate = () =>
    createReplicate({ baseURL: upstream.url, apiKey: 'r8', pollIntervalMs: 1 });

  it('should take the answer of a Prefer: wait create without polling', async () => {
    const result = await replicate()
      .imageModel('black-forest-labs/flux-schnell')
      .generate({ prompt: 'a cake', aspectRatio: '16:9', n: 1, seed: 3 }, {});
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]?.headers).toMatchObject({
      prefer: 'wait=60',
      authorization: 'Bearer r8',
    });
    expect(upstream.calls[0]?.bodyJson).toEqual({
      input: {
        prompt: 'a cake',
        num_outputs: 1,
        aspect_ratio: '16:9',
        seed: 3,
      },
    });
    expect(result.images).toEqual([
      {
        url: 'https://replicate.delivery/xezq/phzbmuYEEkYnAdfJyO56HY4Ro0FtCntPh75h8sO0ANZdIrBKA/out-0.webp',
        mimeType: 'image/webp',
      },
    ]);
  });

  it('should create by version for owner/name:version ids', async () => {
    const result = await replicate()
      .imageModel(
        'bytedance/sdxl-lightning-4step:5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637',
      )
      .generate({ prompt: 'a cake' }, {});
    expect(upstream.calls[0]?.bodyJson).toEqual({
      version:
        '5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637',
      input: { prompt: 'a cake' },
    });
    expect(result.images.length).toBeGreaterThan(0);
  });

  it('should poll an unfinished prediction until it succeeds', async () => {
    upstream.routes[CREATE] = { response: startingWithRecordedId() };
    const result = await replicate()
      .imageModel('black-forest-labs/flux-schnell')
      .generate({ prompt: 'a cake' }, {});
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      CREATE,
      GET,
      GET,
    ]);
    expect(result.images[0]).toMatchObject({ mimeType: 'image/png' });
  });

  it('should fail a prediction Replicate failed for safety with content_policy', async () => {
    upstream.routes[CREATE] = { response: startingWithRecordedId() };
    upstream.routes[GET] = {
      response: fixtureResponse('replicate/predictions.get.failed.json'),
    };
    await expect(
      replicate()
        .imageModel('black-forest-labs/flux-schnell')
        .generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({
      code: 'content_policy',
      message: expect.stringContaining('NSFW'),
    });
  });

  it('should cancel the prediction at Replicate when the caller aborts', async () => {
    upstream.routes[CREATE] = { response: startingWithRecordedId() };
    upstream.routes[GET] = {
      response: fixtureResponse('replicate/predictions.get.processing.json'),
    };
    const controller = new AbortController();
    const call = replicate()
      .imageModel('black-forest-labs/flux-schnell')
      .generate({ prompt: 'x' }, { signal: controller.signal });
    await vi.waitFor(() => {
      expect(upstream.calls.some((entry) => entry.method === 'GET')).toBe(true);
    });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => {
      expect(
        upstream.calls.map((entry) => `${entry.method} ${entry.url}`),
      ).toContain(CANCEL);
    });
  });
});
