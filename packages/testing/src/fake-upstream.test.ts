import { describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream';

async function readText(response: Response): Promise<string> {
  return response.text();
}

describe('createFakeUpstream', () => {
  it('should answer a JSON route and record the call', async () => {
    await using upstream = await createFakeUpstream({
      '/v1/chat': {
        response: {
          type: 'json',
          headers: { 'x-request-id': 'req_1' },
          body: { ok: true },
        },
      },
    });
    const response = await fetch(`${upstream.url}/v1/chat?stream=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: JSON.stringify({ model: 'm1' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.json()).toEqual({ ok: true });
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat?stream=false',
      bodyText: '{"model":"m1"}',
      bodyJson: { model: 'm1' },
      headers: expect.objectContaining({ 'x-trace': 'abc' }),
    });
    await expect(upstream.calls[0]?.ended).resolves.toBe('completed');
  });

  it('should keep the bytes of a binary body intact', async () => {
    await using upstream = await createFakeUpstream({
      'POST /upload': { response: { type: 'json', body: {} } },
    });
    // A PNG signature: 0x89 and the line endings are not valid UTF-8 text.
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0xff]);
    await fetch(`${upstream.url}/upload`, { method: 'POST', body: bytes });
    expect(Buffer.from(upstream.calls[0]?.bodyBytes ?? [])).toEqual(
      Buffer.from(bytes),
    );
  });

  it("should prefer a 'METHOD /path' route over a bare path", async () => {
    await using upstream = await createFakeUpstream({
      '/items': { response: { type: 'json', body: 'any method' } },
      'DELETE /items': { response: { type: 'json', body: 'delete' } },
    });
    const deleted = await fetch(`${upstream.url}/items`, { method: 'DELETE' });
    const fetched = await fetch(`${upstream.url}/items`);
    expect(await deleted.json()).toBe('delete');
    expect(await fetched.json()).toBe('any method');
  });

  it('should answer 404 naming the request when no route matches', async () => {
    await using upstream = await createFakeUpstream({});
    const response = await fetch(`${upstream.url}/nowhere`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await readText(response)).toContain('POST /nowhere');
    expect(upstream.calls).toHaveLength(1);
  });

  it('should give one response per call from a list, repeating the last', async () => {
    await using upstream = await createFakeUpstream({
      '/poll': {
        response: [
          { type: 'json', body: 'first' },
          { type: 'json', body: 'second' },
        ],
      },
    });
    const bodies: unknown[] = [];
    for (let index = 0; index < 3; index++) {
      bodies.push(await (await fetch(`${upstream.url}/poll`)).json());
    }
    expect(bodies).toEqual(['first', 'second', 'second']);
  });

  it('should compute a response from the call number and the request', async () => {
    await using upstream = await createFakeUpstream({
      '/echo': {
        response: ({ callNumber, request }) => ({
          type: 'json',
          body: { callNumber, got: request.bodyJson },
        }),
      },
    });
    await fetch(`${upstream.url}/echo`, { method: 'POST', body: '{"a":1}' });
    const second = await fetch(`${upstream.url}/echo`, {
      method: 'POST',
      body: '{"a":2}',
    });
    expect(await second.json()).toEqual({ callNumber: 1, got: { a: 2 } });
  });

  it('should let a test override a route, and reset() restore it', async () => {
    await using upstream = await createFakeUpstream({
      '/status': { response: { type: 'json', body: 'original' } },
    });
    const route = upstream.routes['/status'];
    if (route === undefined) throw new Error('route missing');
    route.response = { type: 'error', status: 503, body: 'down' };
    const overridden = await fetch(`${upstream.url}/status`);
    expect(overridden.status).toBe(503);
    expect(await overridden.text()).toBe('down');

    upstream.reset();
    expect(upstream.calls).toHaveLength(0);
    const restored = await fetch(`${upstream.url}/status`);
    expect(await restored.json()).toBe('original');
  });

  it('should send an error body object as JSON and a string as text', async () => {
    await using upstream = await createFakeUpstream({
      '/json': {
        response: { type: 'error', status: 429, body: { error: 'x' } },
      },
      '/text': { response: { type: 'error', body: 'Bad Gateway' } },
    });
    const json = await fetch(`${upstream.url}/json`);
    expect(json.status).toBe(429);
    expect(json.headers.get('content-type')).toBe('application/json');
    const text = await fetch(`${upstream.url}/text`);
    expect(text.status).toBe(500);
    expect(text.headers.get('content-type')).toContain('text/plain');
  });

  it('should send binary and empty bodies', async () => {
    await using upstream = await createFakeUpstream({
      '/image': {
        response: {
          type: 'binary',
          headers: { 'content-type': 'image/png' },
          body: new Uint8Array([137, 80, 78, 71]),
        },
      },
      '/empty': { response: { type: 'empty', status: 502 } },
    });
    const image = await fetch(`${upstream.url}/image`);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(
      new Uint8Array([137, 80, 78, 71]),
    );
    const empty = await fetch(`${upstream.url}/empty`);
    expect(empty.status).toBe(502);
    expect(await empty.text()).toBe('');
  });

  it('should stream SSE chunks as written', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: { type: 'sse', chunks: ['data: 1\n\n', 'data: 2\n\n'] },
      },
    });
    const response = await fetch(`${upstream.url}/stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe('data: 1\n\ndata: 2\n\n');
  });

  it('should cut an SSE stream after the given number of chunks', async () => {
    await using upstream = await createFakeUpstream({
      '/stream': {
        response: {
          type: 'sse',
          chunks: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'],
          cutAfter: 1,
        },
      },
    });
    const response = await fetch(`${upstream.url}/stream`);
    await expect(response.text()).rejects.toThrow();
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should reset the connection for a reset response', async () => {
    await using upstream = await createFakeUpstream({
      '/reset': { response: { type: 'reset' } },
    });
    await expect(fetch(`${upstream.url}/reset`)).rejects.toThrow();
  });

  it('should never answer a hang, and see the client give up', async () => {
    await using upstream = await createFakeUpstream({
      '/hang': { response: { type: 'hang' } },
    });
    const controller = new AbortController();
    const request = fetch(`${upstream.url}/hang`, {
      signal: controller.signal,
    });
    await expect.poll(() => upstream.calls.length).toBe(1);
    controller.abort();
    await expect(request).rejects.toThrow();
    await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
  });

  it('should stop accepting connections once disposed', async () => {
    let url = '';
    {
      await using upstream = await createFakeUpstream({
        '/hang': { response: { type: 'hang' } },
      });
      url = upstream.url;
      void fetch(`${url}/hang`).catch(() => undefined);
      await expect.poll(() => upstream.calls.length).toBe(1);
    }
    await expect(fetch(`${url}/hang`)).rejects.toThrow();
  });
});
