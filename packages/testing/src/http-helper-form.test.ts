import { postForm, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeUpstream } from './fake-upstream';
import type { FakeCall } from './fake-upstream-types';

const okSchema = z.object({ ok: z.boolean() });
/** Every byte value, so a lossy (text) encoding of the part would show. */
const BINARY = Uint8Array.from({ length: 256 }, (_, index) => index);

/** The form the fake upstream received, parsed by the fetch API. */
async function receivedForm(call: FakeCall | undefined): Promise<FormData> {
  if (call === undefined) throw new Error('the upstream got no call');
  return new Request('http://upstream.test/', {
    method: 'POST',
    headers: { 'content-type': call.headers['content-type'] ?? '' },
    body: call.bodyBytes,
  }).formData();
}

function formWithFile(): FormData {
  const form = new FormData();
  form.append('prompt', 'a hat');
  form.append('image', new Blob([BINARY], { type: 'image/png' }), 'a.png');
  return form;
}

describe('postForm', () => {
  it('should send the form as multipart with its parts, bytes and types intact', async () => {
    await using upstream = await createFakeUpstream({
      'POST /v1/edits': { response: { type: 'json', body: { ok: true } } },
    });
    const { value } = await postForm({
      url: `${upstream.url}/v1/edits`,
      provider: 'acme',
      headers: { authorization: 'Bearer sk-form-secret' },
      form: formWithFile(),
      parse: okSchema,
    });
    expect(value).toEqual({ ok: true });
    const call = upstream.calls[0];
    expect(call?.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=/,
    );
    expect(call?.headers['content-length']).toBe(
      String(call?.bodyBytes.byteLength),
    );
    expect(call?.headers.authorization).toBe('Bearer sk-form-secret');
    const form = await receivedForm(call);
    expect(form.get('prompt')).toBe('a hat');
    const image = form.get('image');
    if (!(image instanceof Blob)) throw new Error('image is not a file part');
    expect(image.type).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(BINARY);
  });

  it('should map an error answer like postJson does', async () => {
    await using upstream = await createFakeUpstream({
      'POST /v1/edits': {
        response: {
          type: 'error',
          status: 429,
          headers: { 'retry-after': '3' },
          body: { error: { message: 'slow down' } },
        },
      },
    });
    const error: unknown = await postForm({
      url: `${upstream.url}/v1/edits`,
      provider: 'acme',
      form: formWithFile(),
      parse: okSchema,
    }).catch((reason: unknown) => reason);
    expect(SwitchyardError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_000,
      message: expect.stringContaining('slow down'),
    });
  });

  it("should abort the upload on the caller's abort", async () => {
    await using upstream = await createFakeUpstream({
      'POST /v1/edits': { response: { type: 'hang' } },
    });
    const controller = new AbortController();
    const pending = postForm({
      url: `${upstream.url}/v1/edits`,
      provider: 'acme',
      form: formWithFile(),
      parse: okSchema,
      signal: controller.signal,
    }).catch((reason: unknown) => reason);
    await expect.poll(() => upstream.calls.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ code: 'cancelled' });
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });
});
