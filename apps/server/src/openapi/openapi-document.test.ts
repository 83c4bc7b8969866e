import { Validator } from '@seriousme/openapi-schema-validator';
import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { messagesRequestSchema } from '../compat/anthropic-messages';
import { COMPAT_ROUTES } from '../compat/mount-compat';
import { chatCompletionRequestSchema } from '../compat/openai-chat-schema';
import {
  imageEditRequestSchema,
  imageGenerationRequestSchema,
} from '../compat/openai-images';
import { speechRequestSchema } from '../compat/openai-speech';
import { appRouter } from '../router';
import type { RouterMeta } from '../trpc';

interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation | undefined>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, JsonSchema>;
  };
}

interface JsonSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

interface Operation {
  security?: Array<Record<string, string[]>>;
  requestBody?: {
    content: Record<string, { schema?: { $ref?: string } } | undefined>;
  };
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    { content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
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

  it('should describe every /v1 route the gateway serves, and no other, with a key as bearer or x-api-key', () => {
    const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => methods.has(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      );
    const served = COMPAT_ROUTES.map(
      (route) => `${route.method.toUpperCase()} ${route.path}`,
    );
    expect(served).toContain('GET /v1/models/{id}');
    expect(documented.sort()).toEqual(served.sort());
    for (const { method, path } of COMPAT_ROUTES) {
      const operation = document.paths[path]?.[method];
      expect(operation?.security, path).toEqual([
        { bearer: [] },
        { apiKey: [] },
      ]);
      // Every answer says what happened; a 429 says how long to wait.
      for (const [status, response] of Object.entries(
        operation?.responses ?? {},
      )) {
        expect(
          Object.keys(response.headers ?? {}),
          `${path} ${status}`,
        ).toEqual(
          expect.arrayContaining([
            'x-switchyard-fallback',
            'x-switchyard-attempts',
          ]),
        );
      }
      expect(
        Object.keys(operation?.responses['401']?.headers ?? {}),
      ).not.toContain('retry-after');
    }
    for (const path of ['/v1/chat/completions', '/v1/messages']) {
      expect(
        Object.keys(
          document.paths[path]?.post?.responses['429']?.headers ?? {},
        ),
      ).toEqual(expect.arrayContaining(['retry-after', 'retry-after-ms']));
    }
    expect(document.paths['/v1/models/{id}']?.get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
  });

  it('should describe each /v1 request body with the route’s own schema', () => {
    const bodies = [
      ['/v1/chat/completions', 'application/json', chatCompletionRequestSchema],
      ['/v1/messages', 'application/json', messagesRequestSchema],
      [
        '/v1/images/generations',
        'application/json',
        imageGenerationRequestSchema,
      ],
      ['/v1/audio/speech', 'application/json', speechRequestSchema],
      ['/v1/images/edits', 'multipart/form-data', imageEditRequestSchema],
    ] as const;
    for (const [path, type, schema] of bodies) {
      const reference =
        document.paths[path]?.post?.requestBody?.content[type]?.schema?.$ref;
      const name = reference?.replace('#/components/schemas/', '') ?? '';
      const described = document.components.schemas[name];
      const own = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
      if (type === 'multipart/form-data') {
        // The form adds the files the route reads apart.
        expect(described?.properties).toMatchObject(own.properties ?? {});
        expect(Object.keys(described?.properties ?? {})).toEqual(
          expect.arrayContaining(['image', 'image[]', 'mask']),
        );
      } else {
        expect(described?.properties, path).toEqual(own.properties);
      }
      expect(described?.required, path).toEqual(own.required);
    }
  });
});
