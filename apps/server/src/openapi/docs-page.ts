import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnvironment } from '../app';

/** Swagger UI's files the page loads, served by the gateway: no CDN. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

type AssetName = keyof typeof ASSETS;

/** Starts Swagger UI on the page, reading `/openapi.json` (no inline script). */
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Switchyard API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

/** Everything the page loads comes from this gateway: a browser refuses the rest. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
].join('; ');

const swaggerUiFolder = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

const loaded = new Map<AssetName, Promise<Buffer>>();

function asset(name: AssetName): Promise<Buffer> {
  let file = loaded.get(name);
  if (file === undefined) {
    file = readFile(join(swaggerUiFolder, name));
    loaded.set(name, file);
  }
  return file;
}

/**
 * Serves the API reference at `/docs`: Swagger UI (from the
 * `swagger-ui-dist` package, its files served by the gateway under
 * `/docs/…`) rendering `/openapi.json`. No request leaves the gateway.
 */
export function serveDocsPage(app: Hono<AppEnvironment>): void {
  app.get('/docs', (context) => {
    context.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return context.html(PAGE);
  });
  app.get('/docs/start.js', (context) => {
    context.header('content-type', 'text/javascript; charset=utf-8');
    return context.body(START_SCRIPT);
  });
  for (const [name, type] of Object.entries(ASSETS) as Array<
    [AssetName, string]
  >) {
    app.get(`/docs/${name}`, async (context) => {
      context.header('content-type', type);
      context.header('cache-control', 'public, max-age=3600');
      return context.body(new Uint8Array(await asset(name)));
    });
  }
}
