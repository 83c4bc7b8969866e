import { Validator } from '@seriousme/openapi-schema-validator';
import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { appRouter } from '../router';
import type { RouterMeta } from '../trpc';

interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation | undefined>>;
  components: { securitySchemes: Record<string, unknown> };
}

interface Operation {
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, unknown> };
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** Every procedure of the router, by its dotted path. */
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, AnyProcedure>,
);

describe('GET /openapi.json', { timeout: 30_000 }, () => {
  let harness: TestServer;
  let document: Document;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
    // No key: the document is public.
    const response = await fetch(`${harness.server.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    document = (await response.json()) as Document;
  });
  afterAll(() => harness.close());

  it('should validate against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      document as unknown as Record<string, unknown>,
    );
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('should name the server it was asked at', () => {
    expect(document.servers).toEqual([{ url: harness.server.url }]);
  });

  it('should give every query and mutation a REST operation under /api, behind the bearer scheme', () => {
    const restProcedures = procedures.filter(
      ([, procedure]) => procedure._def.type !== 'subscription',
    );
    expect(restProcedures.length).toBeGreaterThanOrEqual(15);
    for (const [path, procedure] of restProcedures) {
      const route = (procedure._def.meta as RouterMeta | undefined)?.openapi;
      // A new query or mutation needs `openapi: { method, path }` in its meta.
      expect(route, `${path} has no meta.openapi`).toBeDefined();
      if (route === undefined) continue;
      expect(route.path).toBe(`/${path.replaceAll('.', '/')}`);
      const operation =
        document.paths[`/api${route.path}`]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} /api${route.path}`).toBeDefined();
      expect(operation?.security).toEqual([{ bearer: [] }]);
      expect(operation?.responses.default?.content).toHaveProperty([
        'application/json',
      ]);
    }
    expect(document.paths['/api/generate']?.post?.requestBody).toBeDefined();
    expect(
      document.paths['/api/providers/health']?.get?.parameters?.map(
        (parameter) => parameter.name,
      ),
    ).toEqual(['provider', 'detailed']);
  });

  it('should describe the subscriptions as server-sent event streams', () => {
    for (const path of ['/trpc/generateStream', '/trpc/jobs.events']) {
      const operation = document.paths[path]?.get;
      expect(operation?.parameters).toEqual([
        expect.objectContaining({ name: 'input', in: 'query' }),
      ]);
      expect(operation?.responses['200']?.content).toHaveProperty([
        'text/event-stream',
      ]);
    }
  });

  it('should describe the OpenAI- and Anthropic-compatible routes, with a key as bearer or x-api-key', () => {
    const compat = [
      ['/v1/chat/completions', 'post'],
      ['/v1/images/generations', 'post'],
      ['/v1/images/edits', 'post'],
      ['/v1/audio/speech', 'post'],
      ['/v1/models', 'get'],
      ['/v1/messages', 'post'],
    ] as const;
    for (const [path, method] of compat) {
      expect(document.paths[path]?.[method]?.security, path).toEqual([
        { bearer: [] },
        { apiKey: [] },
      ]);
    }
    expect(
      document.paths['/v1/images/edits']?.post?.requestBody?.content,
    ).toHaveProperty(['multipart/form-data']);
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
  });
});
