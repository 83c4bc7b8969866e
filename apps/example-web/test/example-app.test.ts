import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../server/example-app';
import { SessionIssueError } from '../server/session-error';
import { openSessionIssuer } from '../server/session-issuer';

describe('createExampleApp', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'example-web-static-'));
    await writeFile(join(directory, 'index.html'), '<p>the page</p>');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  const post = (app: ReturnType<typeof createExampleApp>, body: unknown) =>
    app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  describe('POST /api/session', () => {
    it('should answer the session the issuer gives for the subject', async () => {
      const app = createExampleApp({
        issueSession: openSessionIssuer({ gatewayUrl: 'http://127.0.0.1:1' }),
        staticDirectory: directory,
      });
      const response = await post(app, { subject: ' ada ' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        gatewayUrl: 'http://127.0.0.1:1',
        subject: 'ada',
        credential: 'none',
      });
    });

    it('should refuse a subject that is not a user name, without asking the issuer', async () => {
      const app = createExampleApp({
        issueSession: () => Promise.reject(new Error('must not be called')),
        staticDirectory: directory,
      });
      const response = await post(app, { subject: 'a b/c' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'invalid_request' },
      });
    });

    it('should answer 502 with the code when the gateway would not mint', async () => {
      const app = createExampleApp({
        issueSession: () =>
          Promise.reject(
            new SessionIssueError({
              code: 'auth',
              message: 'the key was revoked',
              status: 502,
            }),
          ),
        staticDirectory: directory,
      });
      const response = await post(app, { subject: 'ada' });
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({
        error: { code: 'auth', message: 'the key was revoked' },
      });
    });
  });

  it('should serve the built page', async () => {
    const app = createExampleApp({
      issueSession: openSessionIssuer({ gatewayUrl: 'http://127.0.0.1:1' }),
      staticDirectory: directory,
    });
    const response = await app.request('/');
    expect(await response.text()).toBe('<p>the page</p>');
  });
});
