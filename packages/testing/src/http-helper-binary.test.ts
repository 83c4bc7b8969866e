import { getBinary } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './__fixtures__/catch-error';
import { createFakeUpstream } from './fake-upstream';

const WAV_START = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0]);

describe('getBinary', () => {
  it('should GET the file without a body and return its bytes and media type', async () => {
    await using upstream = await createFakeUpstream({
      'GET /files/a.wav': {
        response: {
          type: 'binary',
          headers: { 'content-type': 'audio/wav; charset=binary' },
          body: WAV_START,
        },
      },
    });
    const { value } = await getBinary({
      url: `${upstream.url}/files/a.wav`,
      provider: 'fal',
    });
    expect(value).toEqual({ data: WAV_START, mimeType: 'audio/wav' });
    expect(upstream.calls[0]).toMatchObject({ method: 'GET', bodyText: '' });
    expect(upstream.calls[0]?.headers['content-type']).toBeUndefined();
  });

  it('should refuse a file larger than maxResponseBytes', async () => {
    await using upstream = await createFakeUpstream({
      '/big': { response: { type: 'binary', body: new Uint8Array(2048) } },
    });
    const error = await catchError(
      getBinary({
        url: `${upstream.url}/big`,
        provider: 'fal',
        maxResponseBytes: 1024,
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('larger than 1024 bytes');
  });

  it('should map an error status like every helper', async () => {
    await using upstream = await createFakeUpstream({
      '/gone': { response: { type: 'error', status: 404, body: 'Not Found' } },
    });
    const error = await catchError(
      getBinary({ url: `${upstream.url}/gone`, provider: 'fal' }),
    );
    expect(error).toMatchObject({ code: 'not_found', statusCode: 404 });
  });

  it("should abort the download on the caller's abort", async () => {
    await using upstream = await createFakeUpstream({
      '/slow': { response: { type: 'hang' } },
    });
    const controller = new AbortController();
    const pending = catchError(
      getBinary({
        url: `${upstream.url}/slow`,
        provider: 'fal',
        signal: controller.signal,
      }),
    );
    await expect.poll(() => upstream.calls.length).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('cancelled');
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });
});
