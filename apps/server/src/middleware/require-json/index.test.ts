import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { requireJson } from './index';

/** An app with the middleware on /trpc only, answering every call it lets through. */
function appWithJsonCheck(): Hono {
  const app = new Hono();
  app.use('/trpc/*', requireJson());
  app.all('*', (context) => context.json({ passed: true }));
  app.onError((error, context) =>
    error instanceof HTTPException
      ? context.json({ error: error.message }, error.status)
      : context.json({ error: 'unexpected' }, 500),
  );
  return app;
}

async function post(
  path: string,
  headers: Record<string, string>,
): Promise<Response> {
  return appWithJsonCheck().request(path, {
    method: 'POST',
    headers,
    body: '{"type":"text","prompt":"hi"}',
  });
}

describe('requireJson', () => {
  it('should refuse what curl -d sends with 415, naming the header to add', async () => {
    const response = await post('/trpc/generate', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('accept')).toBe('application/json');
    const { error } = (await response.json()) as { error: string };
    expect(error).toContain('application/x-www-form-urlencoded');
    expect(error).toContain("-H 'content-type: application/json'");
  });

  it('should refuse a body without a content type, and multipart forms', async () => {
    const untyped = await appWithJsonCheck().request('/trpc/generate', {
      method: 'POST',
      body: new Uint8Array([123, 125]),
    });
    expect(untyped.status).toBe(415);
    expect(await untyped.json()).toEqual({
      error: expect.stringContaining('no Content-Type') as string,
    });
    const form = new FormData();
    form.set('prompt', 'hi');
    const multipart = await appWithJsonCheck().request('/trpc/generate', {
      method: 'POST',
      body: form,
    });
    expect(multipart.status).toBe(415);
  });

  it('should pass JSON in any case and with parameters, and reads', async () => {
    for (const type of [
      'application/json',
      'Application/JSON; charset=utf-8',
    ]) {
      const response = await post('/trpc/generate', { 'content-type': type });
      expect(response.status, type).toBe(200);
    }
    const read = await appWithJsonCheck().request('/trpc/providers.list');
    expect(read.status).toBe(200);
  });

  it('should leave the routes it is not mounted on alone (multipart stays possible there)', async () => {
    const form = new FormData();
    form.set('prompt', 'hi');
    const response = await appWithJsonCheck().request('/v1/images/edits', {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(200);
  });
});
