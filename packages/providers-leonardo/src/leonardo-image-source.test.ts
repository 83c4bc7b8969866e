// How Leonardo's uploads take an input image given by URL or data: URL,
// through the Motion model (the image model's init image takes the same
// path). Fixtures: see leonardo-video-model.test.ts.
import { fixtureResponse } from '@switchyard/testing';
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { presignedAnswer, tinyPng } from './__fixtures__/leonardo-upstream';
import { createLeonardo } from './index';

const INIT_IMAGE = 'POST /init-image';
const S3 = 'POST /s3-bucket/';
const FRAME = 'GET /media/frame';
const PNG = tinyPng();

describe('Leonardo input images', () => {
  const upstream = useFakeUpstream({
    [INIT_IMAGE]: {
      response: presignedAnswer(
        fixtureResponse('leonardo/init-image.upload.json'),
        'uploadInitImage',
      ),
    },
    [S3]: { response: fixtureResponse('leonardo/init-image.s3-upload.json') },
    'POST /generations-motion-svd': {
      response: fixtureResponse('leonardo/generations-motion-svd.create.json'),
    },
    'GET /generations/e7f1c2d3-4b5a-4c69-8d7e-0f1a2b3c4d5e': {
      response: fixtureResponse(
        'leonardo/generations.get.motion-complete.json',
      ),
    },
    [FRAME]: {
      response: {
        type: 'binary',
        body: PNG,
        headers: { 'content-type': 'image/png' },
      },
    },
  });
  const callsMade = () =>
    upstream.calls.map((call) => `${call.method} ${call.url}`);
  const animate = (image: { url: string }, fetchImageUrls?: boolean) =>
    createLeonardo({
      baseURL: upstream.url,
      apiKey: 'lk',
      pollIntervalMs: 1,
      fetchImageUrls,
    })
      .videoModel('motion-svd')
      .generate({ prompt: 'waves', image }, {});
  const frameUrl = () => ({ url: `${upstream.url}/media/frame` });

  it('should refuse an image URL before any call unless the instance downloads URLs', async () => {
    await expect(animate(frameUrl())).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('fetchImageUrls'),
    });
    await expect(
      animate({ url: 'ftp://files.example/frame.png' }, true),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should download an image URL without the key and upload its bytes', async () => {
    await animate(frameUrl(), true);
    expect(callsMade().slice(0, 3)).toEqual([FRAME, INIT_IMAGE, S3]);
    expect(upstream.calls[0]?.headers).not.toHaveProperty('authorization');
    expect(upstream.calls[1]?.bodyJson).toEqual({ extension: 'png' });
    const sent = Buffer.from(upstream.calls[2]?.bodyBytes ?? []);
    expect(sent.includes(Buffer.from(PNG))).toBe(true);
  });

  it('should tell the type from the bytes when the host does not say it', async () => {
    upstream.routes[FRAME] = { response: { type: 'binary', body: PNG } };
    await animate(frameUrl(), true);
    expect(upstream.calls[1]?.bodyJson).toEqual({ extension: 'png' });
  });

  it('should fail with invalid_request, before any upload, for a URL that is not an image or does not answer', async () => {
    upstream.routes[FRAME] = {
      response: { type: 'binary', body: 'just text' },
    };
    await expect(animate(frameUrl(), true)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    upstream.routes[FRAME] = { response: { type: 'error', status: 404 } };
    await expect(animate(frameUrl(), true)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(callsMade()).toEqual([FRAME, FRAME]);
  });

  it('should upload a data: URL without downloading, and refuse one of another type', async () => {
    const webp = `data:image/webp;base64,${Buffer.from('RIFF').toString('base64')}`;
    await animate({ url: webp });
    expect(callsMade()[0]).toBe(INIT_IMAGE);
    expect(upstream.calls[0]?.bodyJson).toEqual({ extension: 'webp' });
    upstream.reset();
    await expect(
      animate({ url: 'data:image/gif;base64,R0lGODlh' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(upstream.calls).toHaveLength(0);
  });
});
