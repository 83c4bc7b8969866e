import { SwitchyardError, type ImageRequest } from '@switchyard/core';
import { fixtureResponse, type FakeCall } from '@switchyard/testing';
import {
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import {
  base64,
  GIF_1X1,
  jpegBytes,
  pngBytes,
} from './__fixtures__/media-samples';
import { createOpenAI } from './index';

const EDITS = 'POST /v1/images/edits';
const GENERATIONS = 'POST /v1/images/generations';

const PHOTO = pngBytes(4, 4);
const SECOND = jpegBytes(8, 8);
const MASK = pngBytes(4, 4);
const png = (bytes: Uint8Array) => ({
  base64: base64(bytes),
  mimeType: 'image/png' as const,
});

/** The multipart form the fake upstream received, parsed by the fetch API. */
async function receivedForm(call: FakeCall | undefined): Promise<FormData> {
  if (call === undefined) throw new Error('the upstream got no call');
  return new Request('http://upstream.test/', {
    method: 'POST',
    headers: { 'content-type': call.headers['content-type'] ?? '' },
    body: call.bodyBytes,
  }).formData();
}

/** A file part's type and bytes. */
async function file(form: FormData, name: string, index = 0) {
  const part = form.getAll(name)[index];
  if (!(part instanceof Blob)) throw new Error(`${name} is not a file part`);
  return { type: part.type, bytes: new Uint8Array(await part.arrayBuffer()) };
}

async function failure(call: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error))
    throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  return error;
}

describe('imageModel edits', () => {
  const upstream = useFakeUpstream({
    // Recorded (openai-dotnet session record): one input image, b64_json.
    [EDITS]: {
      response: fixtureResponse('openai/images-edits.gpt-image-1.json'),
    },
    [GENERATIONS]: {
      response: fixtureResponse('openai/images-generations.b64_json.json'),
    },
  });
  const edit = (modelId: string, request: ImageRequest) =>
    createOpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` })
      .imageModel(modelId)
      .generate(request, {});

  it('should upload the image and the mask as multipart to /images/edits', async () => {
    const result = await edit('gpt-image-1', {
      prompt: 'A big cat sitting in the empty room',
      width: 1024,
      height: 1024,
      n: 1,
      referenceImages: [png(PHOTO)],
      mask: png(MASK),
      providerOptions: { openai: { quality: 'medium' } },
    });
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      EDITS,
    ]);
    const form = await receivedForm(upstream.calls[0]);
    expect(
      Object.fromEntries(
        [...form.entries()].filter(([, value]) => typeof value === 'string'),
      ),
    ).toEqual({
      model: 'gpt-image-1',
      prompt: 'A big cat sitting in the empty room',
      n: '1',
      size: '1024x1024',
      quality: 'medium',
    });
    expect(await file(form, 'image')).toEqual({
      type: 'image/png',
      bytes: PHOTO,
    });
    expect(await file(form, 'mask')).toEqual({
      type: 'image/png',
      bytes: MASK,
    });
    expect(result.images).toEqual([
      expect.objectContaining({
        base64: expect.stringMatching(/^iVBORw0KGgo/),
        width: 1024,
        height: 1024,
      }),
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('should upload several images as image[] parts in order, typed by their bytes', async () => {
    // Recorded (ruby-openai cassette): an edit of several input images.
    upstream.routes[EDITS] = {
      response: fixtureResponse(
        'openai/images-edits.gpt-image-1.multi-image.json',
      ),
    };
    const result = await edit('gpt-image-1', {
      prompt: 'Create a collage from these images',
      // The declared type is wrong on purpose: the part says what the bytes are.
      referenceImages: [
        png(PHOTO),
        { base64: base64(SECOND), mimeType: 'image/png' },
      ],
    });
    const form = await receivedForm(upstream.calls[0]);
    expect(form.has('image')).toBe(false);
    expect(form.getAll('image[]')).toHaveLength(2);
    expect(await file(form, 'image[]', 0)).toEqual({
      type: 'image/png',
      bytes: PHOTO,
    });
    expect(await file(form, 'image[]', 1)).toEqual({
      type: 'image/jpeg',
      bytes: SECOND,
    });
    expect(result.images).toHaveLength(1);
  });

  it('should send images given by URL as JSON image_url references, never downloading them', async () => {
    await edit('gpt-image-1', {
      prompt: 'Put the cat in a hat',
      referenceImages: [{ url: 'https://example.com/cat.png' }, png(PHOTO)],
      mask: { url: 'https://example.com/mask.png' },
    });
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]?.headers['content-type']).toBe('application/json');
    expect(upstream.calls[0]?.bodyJson).toEqual({
      model: 'gpt-image-1',
      prompt: 'Put the cat in a hat',
      images: [
        { image_url: 'https://example.com/cat.png' },
        { image_url: `data:image/png;base64,${base64(PHOTO)}` },
      ],
      mask: { image_url: 'https://example.com/mask.png' },
    });
  });

  it('should edit one square PNG with dall-e-2, asking for base64', async () => {
    await edit('dall-e-2', {
      prompt: 'a sunlit lounge',
      referenceImages: [png(PHOTO)],
      mask: png(MASK),
    });
    const form = await receivedForm(upstream.calls[0]);
    expect(form.get('model')).toBe('dall-e-2');
    expect(form.get('response_format')).toBe('b64_json');
    expect((await file(form, 'image')).bytes).toEqual(PHOTO);
    expect((await file(form, 'mask')).bytes).toEqual(MASK);
  });

  it.each([
    ['dall-e-3 (no edits)', 'dall-e-3', { referenceImages: [png(PHOTO)] }],
    ['an unlisted id', 'my-image-model', { referenceImages: [png(PHOTO)] }],
    [
      'dall-e-2 with two images',
      'dall-e-2',
      { referenceImages: [png(PHOTO), png(PHOTO)] },
    ],
    [
      'dall-e-2 with a JPEG',
      'dall-e-2',
      {
        referenceImages: [
          { base64: base64(SECOND), mimeType: 'image/jpeg' as const },
        ],
      },
    ],
    [
      'dall-e-2 with a non-square PNG',
      'dall-e-2',
      { referenceImages: [png(pngBytes(4, 2))] },
    ],
    [
      'dall-e-2 with an image URL',
      'dall-e-2',
      { referenceImages: [{ url: 'https://example.com/a.png' }] },
    ],
    [
      'gpt-image-1 with a GIF',
      'gpt-image-1',
      {
        referenceImages: [{ base64: GIF_1X1, mimeType: 'image/png' as const }],
      },
    ],
    [
      'gpt-image-1 with a JPEG mask',
      'gpt-image-1',
      {
        referenceImages: [png(PHOTO)],
        mask: { base64: base64(SECOND), mimeType: 'image/jpeg' as const },
      },
    ],
  ])(
    'should refuse %s with unsupported before any call',
    async (_title, modelId, references) => {
      const error = await failure(
        edit(modelId, { prompt: 'edit', ...references }),
      );
      expect(error).toMatchObject({ code: 'unsupported', provider: 'openai' });
      expect(upstream.calls).toHaveLength(0);
    },
  );

  it('should refuse bytes that are no image with invalid_request', async () => {
    const error = await failure(
      edit('gpt-image-1', {
        prompt: 'edit',
        referenceImages: [
          { base64: 'aGVsbG8gd29ybGQ=', mimeType: 'image/png' },
        ],
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('referenceImages[0]');
    expect(upstream.calls).toHaveLength(0);
  });

  it('should abort the upload when the caller cancels', async () => {
    upstream.routes[EDITS] = { response: { type: 'hang' } };
    const controller = new AbortController();
    const pending = failure(
      createOpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1` })
        .imageModel('gpt-image-1')
        .generate(
          { prompt: 'edit', referenceImages: [png(PHOTO)] },
          { signal: controller.signal },
        ),
    );
    await expect.poll(() => upstream.calls.length).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('cancelled');
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should say which models edit, how many images they take and whether they take a mask', () => {
    const openai = createOpenAI({ apiKey: 'sk-test' });
    expect(openai.imageModel('gpt-image-1').capabilities).toMatchObject({
      referenceImages: true,
      maxReferenceImages: 16,
      mask: true,
    });
    expect(openai.imageModel('dall-e-2').capabilities).toMatchObject({
      referenceImages: true,
      maxReferenceImages: 1,
      mask: true,
    });
    expect(openai.imageModel('dall-e-3').capabilities).toMatchObject({
      referenceImages: false,
      mask: false,
    });
  });
});

describe('the image edits endpoint', () => {
  describeRecordedErrors({
    routes: [EDITS],
    secret: 'sk-test',
    call: (url) =>
      createOpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1` })
        .imageModel('gpt-image-1')
        .generate({ prompt: 'edit', referenceImages: [png(PHOTO)] }, {}),
    cases: {
      // Body captured from live output; headers RECONSTRUCTED.
      'openai/error-400.images-edits.unsupported-mimetype.json': {
        code: 'invalid_request',
        statusCode: 400,
      },
      // RECORDED (openai-dotnet session record) on /v1/images/edits.
      'openai/error-401.images-edits.invalid-api-key.json': {
        code: 'auth',
        statusCode: 401,
      },
      // RECONSTRUCTED (unverified wording): gpt-image refusals.
      'openai/error-400.images.moderation-blocked.json': {
        code: 'content_policy',
        isRetryable: false,
      },
      'openai/error-429.rate-limit-requests.json': { code: 'rate_limited' },
      'openai/error-429.insufficient-quota.json': {
        code: 'quota_exceeded',
        isRetryable: false,
      },
      'openai/error-500.server-error.json': { code: 'server_error' },
    },
  });
});
