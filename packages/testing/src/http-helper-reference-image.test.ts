import { loadReferenceImage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './__fixtures__/catch-error';
import { createFakeUpstream } from './fake-upstream';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('loadReferenceImage', () => {
  it('should decode inline base64 and a data: URL, with the said and the sniffed type', async () => {
    const inline = await loadReferenceImage({
      image: { base64: base64(PNG), mimeType: 'image/jpeg' },
      provider: 'acme',
      fetchUrls: false,
    });
    expect(inline).toEqual({
      bytes: Buffer.from(PNG),
      declaredType: 'image/jpeg',
      sniffedType: 'image/png',
    });
    const dataUrl = await loadReferenceImage({
      image: { url: `data:image/webp;name=a.webp;base64,${base64(PNG)}` },
      provider: 'acme',
      fetchUrls: false,
    });
    expect(dataUrl).toEqual({
      bytes: Buffer.from(PNG),
      declaredType: 'image/webp',
      sniffedType: 'image/png',
    });
  });

  it('should refuse a data: URL that is not base64', async () => {
    const error = await catchError(
      loadReferenceImage({
        image: { url: 'data:image/svg+xml,<svg/>' },
        provider: 'acme',
        fetchUrls: true,
        name: 'images[1]',
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(error.message).toContain('images[1]');
  });

  it('should download an http URL without the key, bounded, with its content-type', async () => {
    await using upstream = await createFakeUpstream({
      'GET /photo': {
        response: {
          type: 'binary',
          headers: { 'content-type': 'image/png; charset=binary' },
          body: PNG,
        },
      },
    });
    const loaded = await loadReferenceImage({
      image: { url: `${upstream.url}/photo` },
      provider: 'acme',
      fetchUrls: true,
      userAgent: 'switchyard/test/0',
    });
    expect(loaded).toEqual({
      bytes: PNG,
      declaredType: 'image/png',
      sniffedType: 'image/png',
    });
    expect(upstream.calls[0]?.headers).not.toHaveProperty('authorization');
    expect(upstream.calls[0]?.headers['user-agent']).toBe('switchyard/test/0');
  });

  it('should leave out a content-type that is not an image type', async () => {
    await using upstream = await createFakeUpstream({
      '/photo': { response: { type: 'binary', body: 'just text' } },
    });
    const loaded = await loadReferenceImage({
      image: { url: `${upstream.url}/photo` },
      provider: 'acme',
      fetchUrls: true,
    });
    expect(loaded.declaredType).toBeUndefined();
    expect(loaded.sniffedType).toBeUndefined();
  });

  it('should refuse an http URL, before any call, unless URLs are fetched, and any other scheme', async () => {
    await using upstream = await createFakeUpstream({
      '/photo': { response: { type: 'binary', body: PNG } },
    });
    const refused = await catchError(
      loadReferenceImage({
        image: { url: `${upstream.url}/photo` },
        provider: 'acme',
        fetchUrls: false,
        fetchUrlsHint: 'set fetchImageUrls to allow it',
      }),
    );
    expect(refused).toMatchObject({ code: 'unsupported' });
    expect(refused.message).toContain('fetchImageUrls');
    const ftp = await catchError(
      loadReferenceImage({
        image: { url: 'ftp://files.example/a.png' },
        provider: 'acme',
        fetchUrls: true,
      }),
    );
    expect(ftp).toMatchObject({ code: 'unsupported' });
    expect(upstream.calls).toHaveLength(0);
  });

  it.each([
    ['a missing file', { type: 'error' as const, status: 404 }, undefined],
    [
      'a file too large',
      { type: 'binary' as const, body: new Uint8Array(64) },
      32,
    ],
    ['a host that never answers', { type: 'hang' as const }, undefined],
  ])(
    'should make %s the caller’s invalid_request',
    async (_name, response, maxBytes) => {
      await using upstream = await createFakeUpstream({
        '/photo': { response },
      });
      const error = await catchError(
        loadReferenceImage({
          image: { url: `${upstream.url}/photo` },
          provider: 'acme',
          fetchUrls: true,
          name: 'the first frame',
          maxBytes,
          timeoutMs: 50,
        }),
      );
      expect(error).toMatchObject({ code: 'invalid_request' });
      expect(error.message).toMatch(
        /^acme could not download the first frame: /,
      );
    },
  );

  it('should stay cancelled when the caller aborts', async () => {
    await using upstream = await createFakeUpstream({
      '/photo': { response: { type: 'hang' } },
    });
    const controller = new AbortController();
    const call = loadReferenceImage({
      image: { url: `${upstream.url}/photo` },
      provider: 'acme',
      fetchUrls: true,
      signal: controller.signal,
    });
    controller.abort();
    expect(await catchError(call)).toMatchObject({ code: 'cancelled' });
  });
});
