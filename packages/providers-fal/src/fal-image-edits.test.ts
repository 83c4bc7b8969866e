import type { ImageRequest } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { createFal } from './index';

// run.flux-dev-image-to-image.json is RECONSTRUCTED (fal's output schema,
// shaped like the recorded flux/dev result); it serves as the queue result
// and the run answer alike. error-400.unsupported-data-url.json is recorded.
const ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const IMG2IMG = 'fal-ai/flux/dev/image-to-image';
const SUBMIT = `POST /queue/${IMG2IMG}`;
const STATUS = `GET /queue/fal-ai/flux/requests/${ID}/status`;
const RESULT = `GET /queue/fal-ai/flux/requests/${ID}`;
const CANCEL = `PUT /queue/fal-ai/flux/requests/${ID}/cancel`;
const KONTEXT = 'POST /run/fal-ai/flux-pro/kontext';
const MULTI = 'POST /run/fal-ai/flux-pro/kontext/multi';
const FILL = 'POST /run/fal-ai/flux-pro/v1/fill';
const EDITED = fixtureResponse('fal/run.flux-dev-image-to-image.json');
const CAT = { base64: 'iVBORw0KGgo=', mimeType: 'image/png' as const };
const HAT_URL = 'https://example.com/hat.png';

const fal = (url: string, extra: Parameters<typeof createFal>[0] = {}) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    pollIntervalMs: 1,
    apiKey: 'fal-secret-key',
    ...extra,
  });

describeRecordedErrors({
  routes: [KONTEXT],
  secret: 'fal-secret-key',
  call: (url) =>
    fal(url, { mode: 'sync' })
      .imageModel('fal-ai/flux-pro/kontext')
      .generate({ prompt: 'a hat', referenceImages: [CAT] }, {}),
  cases: {
    'fal/error-400.unsupported-data-url.json': { code: 'unsupported' },
    'fal/error-401.unauthorized.json': { code: 'auth' },
    'fal/error-422.validation.json': { code: 'invalid_request' },
    [new URL('./__fixtures__/error-403.exhausted-balance.json', import.meta.url)
      .pathname]: { code: 'quota_exceeded' },
  },
});

describe('fal edit models', () => {
  const upstream = useFakeUpstream({
    [SUBMIT]: { response: fixtureResponse('fal/queue.1-submit.json') },
    [STATUS]: {
      response: [
        fixtureResponse('fal/queue.3-status.in-progress.json'),
        fixtureResponse('fal/queue.4-status.completed.json'),
      ],
    },
    [RESULT]: { response: EDITED },
    [CANCEL]: {
      response: { type: 'json', status: 202, body: { status: 'OK' } },
    },
    [KONTEXT]: { response: EDITED },
    [MULTI]: { response: EDITED },
    [FILL]: { response: EDITED },
  });
  const edit = (modelId: string, request: Partial<ImageRequest>) =>
    fal(upstream.url, { mode: 'sync' })
      .imageModel(modelId)
      .generate({ prompt: 'the same cat, in a hat', ...request }, {});

  it('should queue an image-to-image call with the reference as a data URL and its strength', async () => {
    const result = await fal(upstream.url)
      .imageModel(IMG2IMG)
      .generate(
        {
          prompt: 'the same cat, as a watercolor painting',
          referenceImages: [CAT],
          steps: 30,
          width: 512,
          height: 512,
          providerOptions: { fal: { strength: 0.85 } },
        },
        {},
      );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'the same cat, as a watercolor painting',
      image_url: 'data:image/png;base64,iVBORw0KGgo=',
      num_inference_steps: 30,
      strength: 0.85,
    });
    expect(result.images[0]).toMatchObject({
      url: expect.stringContaining('fal.media'),
      width: 1024,
      height: 768,
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'width',
    ]);
  });

  it('should pass a reference URL through to Kontext, with the aspect ratio', async () => {
    await edit('fal-ai/flux-pro/kontext', {
      referenceImages: [{ url: HAT_URL }],
      aspectRatio: '3:2',
      n: 2,
      seed: 4,
    });
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'the same cat, in a hat',
      image_url: HAT_URL,
      aspect_ratio: '3:2',
      num_images: 2,
      seed: 4,
    });
  });

  it('should send every reference to Kontext multi', async () => {
    await edit('fal-ai/flux-pro/kontext/multi', {
      referenceImages: [CAT, { url: HAT_URL }],
    });
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      image_urls: ['data:image/png;base64,iVBORw0KGgo=', HAT_URL],
    });
  });

  it('should send the mask to Fill', async () => {
    await edit('fal-ai/flux-pro/v1/fill', {
      referenceImages: [CAT],
      mask: { url: 'https://example.com/mask.png' },
    });
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      image_url: 'data:image/png;base64,iVBORw0KGgo=',
      mask_url: 'https://example.com/mask.png',
    });
  });

  it('should refuse, before any call, what a model cannot serve', async () => {
    const refused = [
      edit('fal-ai/flux/schnell', { referenceImages: [CAT] }),
      edit('fal-ai/flux-pro/kontext', {}),
      edit('fal-ai/flux-pro/kontext', { referenceImages: [CAT, CAT] }),
      edit('fal-ai/flux-pro/kontext', {
        referenceImages: [CAT],
        mask: CAT,
      }),
    ];
    for (const call of refused) {
      await expect(call).rejects.toMatchObject({ code: 'unsupported' });
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('should cancel a queued edit at fal when the caller aborts', async () => {
    upstream.routes[STATUS] = {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    };
    const controller = new AbortController();
    const call = fal(upstream.url)
      .imageModel(IMG2IMG)
      .generate(
        { prompt: 'watercolor', referenceImages: [CAT] },
        { signal: controller.signal },
      );
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

  it('should list what each edit model takes', () => {
    const capabilities = Object.fromEntries(
      createFal()
        .listModels()
        .filter((info) => info.kind === 'image')
        .map((info) => [info.id, info.capabilities]),
    );
    expect(capabilities).toMatchObject({
      'fal-ai/flux/dev/image-to-image': {
        referenceImages: true,
        maxReferenceImages: 1,
        mask: false,
      },
      'fal-ai/flux-pro/kontext/multi': { maxReferenceImages: 4 },
      'fal-ai/flux-pro/v1/fill': { mask: true },
    });
    expect(capabilities['fal-ai/flux/schnell']).not.toHaveProperty(
      'referenceImages',
    );
  });
});
