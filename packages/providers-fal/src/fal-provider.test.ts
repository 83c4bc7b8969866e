import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import * as packageExports from './index';
import { createFal } from './index';
import { queueStatuses } from './__fixtures__/fal-video-fixtures';

const ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const SUBMIT = 'POST /queue/fal-ai/flux/schnell';
const STATUS = `GET /queue/fal-ai/flux/requests/${ID}/status`;
const RESULT = `GET /queue/fal-ai/flux/requests/${ID}`;
const CANCEL = `PUT /queue/fal-ai/flux/requests/${ID}/cancel`;
const RUN = 'POST /run/fal-ai/flux/schnell';

const queueRoutes = () => ({
  [SUBMIT]: { response: fixtureResponse('fal/queue.1-submit.json') },
  [STATUS]: {
    response: queueStatuses(),
  },
  [RESULT]: { response: fixtureResponse('fal/queue.5-result.json') },
  [CANCEL]: {
    response: {
      type: 'json' as const,
      status: 202,
      body: { status: 'CANCELLATION_REQUESTED' },
    },
  },
});

const fal = (url: string, extra: Parameters<typeof createFal>[0] = {}) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    pollIntervalMs: 1,
    ...extra,
  });

describeProviderConformance({
  packageName: '@switchyard/providers-fal',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => fal(baseURL, { apiKey }),
  apiKeyVariable: 'FAL_KEY',
  image: {
    modelId: 'fal-ai/flux/schnell',
    request: { prompt: 'a cake', width: 1024, height: 768 },
    firstRoute: SUBMIT,
    routes: queueRoutes(),
  },
});

describeRecordedErrors({
  routes: [SUBMIT, RUN],
  secret: 'fal-secret-key',
  call: (url) =>
    fal(url, { apiKey: 'fal-secret-key', mode: 'sync' })
      .imageModel('fal-ai/flux/schnell')
      .generate({ prompt: 'a cake' }, {}),
  cases: {
    // The request is fine; this endpoint takes no inline images: another target can serve it.
    'fal/error-400.unsupported-data-url.json': {
      code: 'unsupported',
      statusCode: 400,
      messageContains: 'Unsupported data URL',
    },
    'fal/error-401.unauthorized.json': { code: 'auth' },
    'fal/error-404.not-found.json': { code: 'not_found' },
    'fal/error-422.validation.json': {
      code: 'invalid_request',
      messageContains: 'body.model_name: field required',
    },
  },
});

describe('createFal', () => {
  const upstream = useFakeUpstream({
    ...queueRoutes(),
    [RUN]: { response: fixtureResponse('fal/run.flux-schnell.success.json') },
    'POST /run/fal-ai/flux/dev': {
      response: fixtureResponse('fal/run.flux-dev.success.json'),
    },
  });

  it('should submit to the queue, poll through queued and running, then fetch the result', async () => {
    const result = await fal(upstream.url, { apiKey: 'fk' })
      .imageModel('fal-ai/flux/schnell')
      .generate(
        {
          prompt: 'a cake',
          aspectRatio: '4:3',
          n: 1,
          seed: 7,
          negativePrompt: 'x',
        },
        {},
      );
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      SUBMIT,
      STATUS,
      STATUS,
      STATUS,
      RESULT,
    ]);
    expect(upstream.calls[0]?.headers.authorization).toBe('Key fk');
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'a cake',
      image_size: 'landscape_4_3',
      num_images: 1,
      seed: 7,
    });
    expect(result.images).toEqual([
      {
        url: 'https://fal.media/files/lion/X8-x48pAMGOF6n7fINCBC.png',
        mimeType: 'image/jpeg',
        width: 1024,
        height: 768,
        seed: 2463045738,
      },
    ]);
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'negativePrompt',
    ]);
  });

  it('should cancel the queued request at fal when the caller aborts', async () => {
    upstream.routes[STATUS] = {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    };
    const controller = new AbortController();
    const call = fal(upstream.url, { apiKey: 'fk' })
      .imageModel('fal-ai/flux/schnell')
      .generate({ prompt: 'a cake' }, { signal: controller.signal });
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

  it('should call the run endpoint in sync mode, for schnell and dev', async () => {
    const provider = fal(upstream.url, { apiKey: 'fk', mode: 'sync' });
    const schnell = await provider
      .imageModel('fal-ai/flux/schnell')
      .generate({ prompt: 'a cake', width: 1024, height: 768 }, {});
    const dev = await provider
      .imageModel('fal-ai/flux/dev')
      .generate({ prompt: 'an eye' }, {});
    expect(schnell.images[0]?.url).toContain('fal.media');
    expect(dev.images[0]?.seed).toBe(188085578);
    expect(upstream.calls.map((call) => call.url)).toEqual([
      '/run/fal-ai/flux/schnell',
      '/run/fal-ai/flux/dev',
    ]);
  });

  it('should refuse text models with unsupported', () => {
    expect(() => createFal().textModel('x')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });
});

describe('listModels', () => {
  it('should give the tiers `requirements` rank by', () => {
    const tiers = Object.fromEntries(
      createFal({ apiKey: 'fk' })
        .listModels()
        .filter((info) => info.tier !== undefined)
        .map((info) => [info.id, info.tier]),
    );
    expect(tiers).toEqual({
      'fal-ai/flux/schnell': { quality: 'draft', speed: 'fast' },
      'fal-ai/flux/dev': { quality: 'standard' },
      'fal-ai/flux-pro/kontext': { quality: 'premium' },
      'fal-ai/flux-pro/kontext/multi': { quality: 'premium' },
      'fal-ai/flux-pro/v1/fill': { quality: 'premium' },
    });
  });
});

describe('createFal: probe', () => {
  const PRICING = 'GET /v1/models/pricing';
  const upstream = useFakeUpstream({
    [PRICING]: {
      response: {
        type: 'json',
        body: { prices: [{ endpoint_id: 'fal-ai/flux/schnell' }] },
      },
    },
  });
  const signal = () => new AbortController().signal;

  it("should read a model's price on the Platform API with the key (a free call)", async () => {
    const fal = createFal({
      apiKey: 'fal-probe',
      baseURL: 'http://127.0.0.1:9',
      queueURL: 'http://127.0.0.1:9',
      platformURL: `${upstream.url}/v1`,
    });
    await expect(fal.probe?.({ signal: signal() })).resolves.toBe(undefined);
    expect(upstream.calls).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/v1/models/pricing?endpoint_id=fal-ai/flux/schnell',
        headers: expect.objectContaining({ authorization: 'Key fal-probe' }),
      }),
    ]);
  });

  it('should fail with auth on the recorded unauthorized answer', async () => {
    upstream.routes[PRICING] = {
      response: fixtureResponse('fal/error-401.unauthorized.json'),
    };
    const fal = createFal({
      apiKey: 'fal-wrong',
      platformURL: `${upstream.url}/v1`,
    });
    await expect(fal.probe?.({ signal: signal() })).rejects.toMatchObject({
      code: 'auth',
      message: expect.stringContaining('No user found'),
    });
  });
});
