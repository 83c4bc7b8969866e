// Every Leonardo fixture used here is RECONSTRUCTED from Leonardo's docs and
// published OpenAPI spec (init-image.upload.json, init-image.s3-upload.json,
// generations.create.image-to-image.json, generations.get.*.json,
// error-*.json); none is a recording (see packages/testing/fixtures/README.md).
// The S3 error bodies below are written here after S3's documented XML errors.
import { fixtureResponse, type FakeCall } from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { createLeonardo } from './index';

const MODEL = '6b645e3a-d64f-4341-a6d8-7a3690fbf042';
const INIT_IMAGE_ID = '5d9e2f8a-3c1b-4e7a-9f20-6b8c4d1e7a53';
const GENERATION_ID = 'c1e3a7b2-9d4f-4a16-8e5b-2f7d0a9c3e41';
const INIT_IMAGE = 'POST /init-image';
const S3 = 'POST /s3-bucket/';
const CREATE = 'POST /generations';
const GET = `GET /generations/${GENERATION_ID}`;
// ASCII bytes: the fake upstream records bodies as UTF-8 text, so the test can
// read the uploaded file back byte for byte.
const REFERENCE_BYTES = 'reference image bytes: a lighthouse at dusk';
const REFERENCE = {
  base64: Buffer.from(REFERENCE_BYTES).toString('base64'),
  mimeType: 'image/png' as const,
};
const REQUEST = {
  prompt: 'the same lighthouse at night, oil painting',
  width: 1024,
  height: 768,
  n: 1,
  referenceImages: [REFERENCE],
};

/** The presigned S3 fields of the recorded upload, in their order. */
function recordedFields(): Record<string, string> {
  const response = fixtureResponse('leonardo/init-image.upload.json');
  const body = (response as { body: { uploadInitImage: { fields: string } } })
    .body;
  return JSON.parse(body.uploadInitImage.fields) as Record<string, string>;
}

/** The multipart form S3 received, decoded by the fetch API. */
function receivedForm(call: FakeCall | undefined): Promise<FormData> {
  return new Request('http://s3.test/', {
    method: 'POST',
    headers: { 'content-type': call?.headers['content-type'] ?? '' },
    body: call?.bodyText ?? '',
  }).formData();
}

describe('Leonardo image to image', () => {
  const upstream = useFakeUpstream({
    [S3]: { response: fixtureResponse('leonardo/init-image.s3-upload.json') },
    [CREATE]: {
      response: fixtureResponse(
        'leonardo/generations.create.image-to-image.json',
      ),
    },
    [GET]: {
      response: [
        fixtureResponse('leonardo/generations.get.pending.json'),
        fixtureResponse('leonardo/generations.get.complete.json'),
      ],
    },
  });
  // The recorded answer points at an S3 bucket: point it at the fake upstream.
  const initImageAnswer = () => {
    const response = fixtureResponse('leonardo/init-image.upload.json');
    if (response.type !== 'json') throw new Error('expected JSON');
    const body = response.body as { uploadInitImage: object };
    return {
      ...response,
      body: {
        uploadInitImage: {
          ...body.uploadInitImage,
          url: `${upstream.url}/s3-bucket/`,
        },
      },
    };
  };
  const leonardo = () =>
    createLeonardo({ baseURL: upstream.url, apiKey: 'lk', pollIntervalMs: 1 });
  const callsMade = () =>
    upstream.calls.map((call) => `${call.method} ${call.url}`);
  const generate = (request: object, signal?: AbortSignal) =>
    leonardo()
      .imageModel(MODEL)
      .generate({ ...REQUEST, ...request }, { signal });

  it('should upload the reference as an init image and generate from it', async () => {
    upstream.routes[INIT_IMAGE] = { response: initImageAnswer() };
    const result = await generate({});
    expect(callsMade()).toEqual([INIT_IMAGE, S3, CREATE, GET, GET]);
    const [initImage, s3, create] = upstream.calls;
    expect(initImage?.headers.authorization).toBe('Bearer lk');
    expect(initImage?.bodyJson).toEqual({ extension: 'png' });
    // S3 gets the presigned fields, then the file, and never the Leonardo key.
    expect(s3?.headers).not.toHaveProperty('authorization');
    const form = await receivedForm(s3);
    const names = [...form.keys()];
    expect(names).toEqual([...Object.keys(recordedFields()), 'file']);
    for (const [name, value] of Object.entries(recordedFields())) {
      expect(form.get(name)).toBe(value);
    }
    const file = form.get('file') as Blob;
    expect(file.type).toBe('image/png');
    expect(await file.text()).toBe(REFERENCE_BYTES);
    expect(create?.bodyJson).toEqual({
      modelId: MODEL,
      prompt: REQUEST.prompt,
      width: 1024,
      height: 768,
      num_images: 1,
      init_image_id: INIT_IMAGE_ID,
      init_strength: 0.5,
    });
    expect(result.images).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });

  it('should take the init strength from providerOptions and name a JPEG jpg', async () => {
    upstream.routes[INIT_IMAGE] = { response: initImageAnswer() };
    await generate({
      referenceImages: [{ ...REFERENCE, mimeType: 'image/jpeg' }],
      providerOptions: { leonardo: { initStrength: 0.8 } },
    });
    expect(upstream.calls[0]?.bodyJson).toEqual({ extension: 'jpg' });
    expect(upstream.calls[2]?.bodyJson).toMatchObject({ init_strength: 0.8 });
  });

  it('should refuse a reference given by URL before any call, so the route falls back', async () => {
    await expect(
      generate({ referenceImages: [{ url: 'http://10.0.0.1/private.png' }] }),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should refuse a mask or a second reference rather than drop them', async () => {
    await expect(generate({ mask: REFERENCE })).rejects.toMatchObject({
      code: 'unsupported',
    });
    await expect(
      generate({ referenceImages: [REFERENCE, REFERENCE] }),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should say it takes one reference image and no mask', () => {
    expect(leonardo().imageModel(MODEL).capabilities).toMatchObject({
      referenceImages: true,
      maxReferenceImages: 1,
      mask: false,
    });
  });

  describe('errors', () => {
    const failing = async (route: string, response: object) => {
      upstream.routes[INIT_IMAGE] = { response: initImageAnswer() };
      upstream.routes[route] = { response: response as never };
      return generate({}).then(
        () => expect.fail('expected the call to fail'),
        (error: unknown) => error,
      );
    };

    it('should map an init image id Leonardo does not know to invalid_request', async () => {
      const error = await failing(
        CREATE,
        fixtureResponse('leonardo/error-400.invalid-init-image-id.json'),
      );
      expect(error).toMatchObject({
        code: 'invalid_request',
        statusCode: 400,
        message: expect.stringContaining('invalid init image id'),
      });
    });

    it('should map a moderated prompt to content_policy, not auth', async () => {
      const error = await failing(
        CREATE,
        fixtureResponse('leonardo/error-403.content-moderation.json'),
      );
      expect(error).toMatchObject({ code: 'content_policy', statusCode: 403 });
    });

    it('should map a refused key on the init image call to auth', async () => {
      const error = await failing(
        INIT_IMAGE,
        fixtureResponse('leonardo/error-401.access-denied.json'),
      );
      expect(error).toMatchObject({ code: 'auth', statusCode: 401 });
      expect(callsMade()).toEqual([INIT_IMAGE]);
    });

    it('should map a rate limited init image call to rate_limited', async () => {
      // Leonardo's 429 body is not documented; the status decides.
      const error = await failing(INIT_IMAGE, {
        type: 'error',
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: 'rate limit exceeded', path: '$', code: 'unexpected' },
      });
      expect(error).toMatchObject({
        code: 'rate_limited',
        retryAfterMs: 2_000,
      });
    });

    it('should map a refused S3 upload to server_error, and a too large file to invalid_request', async () => {
      const s3Error = (code: string, status: number) => ({
        type: 'error',
        status,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>refused</Message></Error>`,
      });
      const expired = await failing(S3, s3Error('AccessDenied', 403));
      expect(expired).toMatchObject({ code: 'server_error', statusCode: 403 });
      const tooLarge = await failing(S3, s3Error('EntityTooLarge', 400));
      expect(tooLarge).toMatchObject({ code: 'invalid_request' });
      expect(callsMade()).not.toContain(CREATE);
    });
  });

  describe('cancel', () => {
    it('should stop the S3 upload when the caller aborts, and create nothing', async () => {
      upstream.routes[INIT_IMAGE] = { response: initImageAnswer() };
      upstream.routes[S3] = { response: { type: 'hang' } };
      const controller = new AbortController();
      const call = generate({}, controller.signal);
      await vi.waitFor(() => expect(callsMade()).toEqual([INIT_IMAGE, S3]));
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      await expect(upstream.calls[1]?.ended).resolves.toBe('closed-early');
      expect(callsMade()).not.toContain(CREATE);
    });

    it('should stop polling the generation when the caller aborts', async () => {
      upstream.routes[INIT_IMAGE] = { response: initImageAnswer() };
      upstream.routes[GET] = {
        response: fixtureResponse('leonardo/generations.get.pending.json'),
      };
      const controller = new AbortController();
      const call = generate({}, controller.signal);
      await vi.waitFor(() => expect(callsMade()).toContain(GET));
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    });
  });
});
