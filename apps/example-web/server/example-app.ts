import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { sessionRequestSchema, type SessionError } from '../src/session-schema';
import { SessionIssueError } from './session-error';
import type { SessionIssuer } from './session-issuer';

/** Options of {@link createExampleApp}. */
export interface ExampleAppOptions {
  /** Signs a user in (mints their gateway token). */
  issueSession: SessionIssuer;
  /** The built page (vite's `dist` folder), an absolute path. */
  staticDirectory: string;
}

function refusal(code: string, message: string): SessionError {
  return { error: { code, message } };
}

/**
 * The example's backend: `POST /api/session` signs a user in, everything
 * else is the built page. It holds the gateway API key; the page only ever
 * gets a token.
 */
export function createExampleApp(options: ExampleAppOptions): Hono {
  const app = new Hono();
  app.post('/api/session', async (context) => {
    const body: unknown = await context.req.json().catch(() => undefined);
    const request = sessionRequestSchema.safeParse(body);
    if (!request.success) {
      const message = request.error.issues[0]?.message ?? 'invalid request';
      return context.json(refusal('invalid_request', message), 400);
    }
    try {
      return context.json(await options.issueSession(request.data.subject));
    } catch (error) {
      if (error instanceof SessionIssueError) {
        return context.json(refusal(error.code, error.message), error.status);
      }
      throw error;
    }
  });
  app.use('/*', serveStatic({ root: options.staticDirectory }));
  return app;
}
