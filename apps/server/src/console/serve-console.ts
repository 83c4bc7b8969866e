import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { CONSOLE_PAGES } from './console-pages';

/** Hashed build output: its name changes with its content, so it is cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console's headers: scripts, styles and calls from this origin only
 * (no inline script), images and media also from `data:` (base64 results)
 * and `blob:` (kept outputs fetched with the key), never framed.
 */
export function consoleSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // Whether the gateway is behind HTTPS is the operator's proxy's call.
    strictTransportSecurity: false,
  });
}

/** The paths that answer with the console's page: `/` and each page (with its subpaths). */
export function consolePagePaths(): string[] {
  return ['/', ...CONSOLE_PAGES.flatMap((page) => [`/${page}`, `/${page}/*`])];
}

/**
 * Serves the built console from `directory` (vite's output): `index.html`
 * at `/` and at every console page (`no-cache`: a new build is picked up at
 * once), its hashed files under `/assets/` (cached immutably), both with
 * {@link consoleSecurityHeaders}. While `directory` holds no build (a run
 * from source), the pages say how to build it instead.
 */
export function mountConsole<E extends object>(
  app: Hono<E>,
  directory: string,
): void {
  const headers = consoleSecurityHeaders();
  // Made once the build is there, so a console built after the server
  // started is served too.
  let assets: MiddlewareHandler | undefined;
  app.use('/assets/*', headers, (context, next) => {
    assets ??= existsSync(directory)
      ? serveStatic({
          root: directory,
          onFound: (_path, found) => {
            found.header('cache-control', IMMUTABLE);
          },
        })
      : undefined;
    return assets === undefined ? next() : assets(context, next);
  });
  const page = servePage(join(directory, 'index.html'));
  for (const path of consolePagePaths()) app.get(path, headers, page);
}

function servePage(indexFile: string): (context: Context) => Promise<Response> {
  return async (context) => {
    const html = await readFile(indexFile, 'utf8').catch(() => undefined);
    if (html === undefined) {
      context.header('cache-control', 'no-store');
      return context.html(NOT_BUILT, 503);
    }
    context.header('cache-control', 'no-cache');
    return context.html(html);
  };
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Switchyard console: not built</title></head>
  <body>
    <h1>The Switchyard console is not built</h1>
    <p>This server found no console build beside it (a run from source has
    none until it is built). Build it with
    <code>pnpm --filter @switchyard/server build</code> (from the repository
    root; <code>pnpm start</code> builds it too), then reload this page.</p>
    <p>The API is served meanwhile: <code>/trpc</code>, <code>/v1</code>,
    <code>/healthz</code>.</p>
  </body>
</html>
`;
