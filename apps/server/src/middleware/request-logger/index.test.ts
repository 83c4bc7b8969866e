import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../__tests__/test-server';
import { requestLogger, type RequestLoggerVariables } from './index';

function createTestApp() {
  const { logger, lines } = createCapturingLogger('info');
  const app = new Hono<{ Variables: RequestLoggerVariables }>();
  app.use('*', requestLogger({ logger, createRequestId: () => 'req-1' }));
  app.post('/echo', (context) =>
    context.json({ requestId: context.get('requestId') }),
  );
  return { app, lines };
}

describe('requestLogger', () => {
  it('should give each request an id and log one line without headers or body', async () => {
    const { app, lines } = createTestApp();
    const response = await app.request('/echo', {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk-secret',
        'content-type': 'text/plain',
      },
      body: 'a prompt nobody should log',
    });
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(await response.json()).toEqual({ requestId: 'req-1' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'request',
      requestId: 'req-1',
      method: 'POST',
      path: '/echo',
      status: 200,
    });
    expect(lines[0]).not.toContain('sk-secret');
    expect(lines[0]).not.toContain('a prompt');
  });

  it("should keep a sane caller's request id and replace an odd one", async () => {
    const { app } = createTestApp();
    const kept = await app.request('/echo', {
      method: 'POST',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('trace-42');
    const replaced = await app.request('/echo', {
      method: 'POST',
      headers: { 'x-request-id': 'no spaces <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toBe('req-1');
  });
});
