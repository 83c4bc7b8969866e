import { uploadForm } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { catchError } from './__fixtures__/catch-error';
import { createFakeUpstream } from './fake-upstream';
import type { FakeCall } from './fake-upstream-types';

/** The multipart form a fake upstream received, decoded by the fetch API. */
function receivedForm(call: FakeCall | undefined): Promise<FormData> {
  return new Request('http://upstream.test/', {
    method: 'POST',
    headers: { 'content-type': call?.headers['content-type'] ?? '' },
    body: call?.bodyText ?? '',
  }).formData();
}

describe('uploadForm', () => {
  const form = () => {
    const body = new FormData();
    body.append('key', 'uploads/init.png');
    body.append('Policy', 'cG9saWN5');
    body.append(
      'file',
      new Blob(['init image bytes'], { type: 'image/png' }),
      'init.png',
    );
    return body;
  };

  it('should send the fields and the file as multipart/form-data, and take a 204', async () => {
    await using upstream = await createFakeUpstream({
      'POST /upload': { response: { type: 'empty', status: 204 } },
    });
    const { value } = await uploadForm({
      url: `${upstream.url}/upload`,
      provider: 'leonardo',
      form: form(),
    });
    expect(value).toBeUndefined();
    const call = upstream.calls[0];
    expect(call?.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=/,
    );
    const received = await receivedForm(call);
    expect([...received.keys()]).toEqual(['key', 'Policy', 'file']);
    expect(received.get('key')).toBe('uploads/init.png');
    const file = received.get('file') as Blob;
    expect(await file.text()).toBe('init image bytes');
    expect(file.type).toBe('image/png');
  });

  it('should map an error status through mapError', async () => {
    await using upstream = await createFakeUpstream({
      'POST /upload': {
        response: {
          type: 'error',
          status: 403,
          headers: { 'content-type': 'application/xml' },
          body: '<Error><Code>AccessDenied</Code></Error>',
        },
      },
    });
    const error = await catchError(
      uploadForm({
        url: `${upstream.url}/upload`,
        provider: 'leonardo',
        form: form(),
        mapError: () => ({ code: 'server_error' }),
      }),
    );
    expect(error).toMatchObject({ code: 'server_error', statusCode: 403 });
  });

  it("should abort the upload on the caller's abort", async () => {
    await using upstream = await createFakeUpstream({
      'POST /upload': { response: { type: 'hang' } },
    });
    const controller = new AbortController();
    const pending = catchError(
      uploadForm({
        url: `${upstream.url}/upload`,
        provider: 'leonardo',
        form: form(),
        signal: controller.signal,
      }),
    );
    await expect.poll(() => upstream.calls.length).toBe(1);
    controller.abort();
    await expect(pending).resolves.toMatchObject({ code: 'cancelled' });
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });
});
