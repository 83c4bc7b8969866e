import {
  attemptSchema,
  generateInputSchema,
  generateResultSchema,
  VERSION,
} from '@switchyard/core';
import type { AnyProcedure } from '@trpc/server';
import {
  generateOpenApiDocument,
  type OpenAPIObject,
  type SecuritySchemeObject,
} from 'trpc-to-openapi';
import { jobSchema } from '../jobs/job-view';
import { appRouter } from '../router';
import type { RouterMeta } from '../trpc';
import { COMPAT_REQUEST_COMPONENTS, compatPaths } from './compat-paths';
import {
  requestErrorSchema,
  restErrorSchema,
  trpcErrorSchema,
} from './rest-error';
import { REST_ENDPOINT } from './rest-endpoint';
import { STREAM_INPUT_COMPONENTS, streamPaths } from './stream-paths';

/** Where the REST routes of the tRPC procedures are served. */
export { REST_ENDPOINT };

const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`switchyard keys create`) or a token minted with `tokens.mint`.',
  },
};

/** The compatible routes also take the key the way Anthropic's SDK sends it. */
const API_KEY_SCHEME: SecuritySchemeObject = {
  type: 'apiKey',
  in: 'header',
  name: 'x-api-key',
  description: 'An API key, as Anthropic’s SDK sends it (compatible routes).',
};

const DESCRIPTION = [
  'The Switchyard gateway over plain HTTP.',
  '',
  `Every tRPC query and mutation is also a REST route under \`${REST_ENDPOINT}\` (queries: GET with the input as query parameters; mutations and inputs that are unions: POST with a JSON body). The tRPC endpoint itself is \`/trpc/<procedure>\` (queries: GET with \`?input=<URL-encoded JSON>\`; mutations: POST with the input as the JSON body); its subscriptions are the server-sent event streams under \`/trpc\` below.`,
  '',
  'Send JSON with `Content-Type: application/json`: any other body to `/trpc` or `/api` is refused with 415.',
].join('\n');

/** Example bodies of the REST routes whose input is a union, by tRPC path. */
const EXAMPLES: Record<string, unknown> = {
  generate: { type: 'image', prompt: 'a lighthouse at dusk', width: 512 },
  'jobs.submit': { type: 'image', prompt: 'a lighthouse at dusk' },
  'routes.explain': { type: 'text', prompt: 'Say hello.' },
  generateBatch: {
    items: [
      { type: 'image', prompt: 'a fox', width: 256, height: 256 },
      { type: 'text', prompt: 'Name the fox.' },
    ],
  },
};

/** The procedures every operation is made from, by tRPC path. */
function procedures(): Array<[string, AnyProcedure]> {
  return Object.entries(
    appRouter._def.procedures as unknown as Record<string, AnyProcedure>,
  );
}

function metaOf(procedure: AnyProcedure): RouterMeta | undefined {
  return procedure._def.meta as RouterMeta | undefined;
}

function summaryOf(path: string): string | undefined {
  const found = procedures().find(([name]) => name === path);
  return found === undefined ? undefined : metaOf(found[1])?.summary;
}

/** The operations trpc-to-openapi made, completed: tags, summaries, our error shape. */
function describeRestOperations(document: OpenAPIObject): void {
  for (const [path, procedure] of procedures()) {
    const meta = metaOf(procedure);
    if (meta?.openapi === undefined) continue;
    const item = document.paths?.[`${REST_ENDPOINT}${meta.openapi.path}`];
    const operation = meta.openapi.method === 'GET' ? item?.get : item?.post;
    if (operation?.responses === undefined) continue;
    const { responses } = operation;
    const { type } = procedure._def;
    operation.tags = [path.split('.')[0] ?? path];
    operation.summary = meta.summary;
    operation.description =
      type === 'query'
        ? `The tRPC query \`${path}\`: also \`GET /trpc/${path}?input=<URL-encoded JSON>\`.`
        : `The tRPC mutation \`${path}\`: also \`POST /trpc/${path}\` with the same JSON body.`;
    const body = operation.requestBody as
      { content: Record<string, { example?: unknown }> } | undefined;
    const json = body?.content['application/json'];
    if (json !== undefined && EXAMPLES[path] !== undefined) {
      json.example = EXAMPLES[path];
    }
    const errorContent = {
      'application/json': {
        schema: { $ref: '#/components/schemas/RestError' },
      },
    };
    for (const [status, response] of Object.entries(responses)) {
      if (status === '200') continue;
      responses[status] = {
        description: (response as { description?: string }).description,
        content: errorContent,
      };
    }
    responses.default = {
      description:
        'Any other error: `data.code` says what (`rate_limited`, `timeout`, …).',
      content: errorContent,
    };
  }
  // trpc-to-openapi's own error components are replaced by RestError.
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) {
    if (name.startsWith('error.')) delete schemas[name];
  }
}

/** The document without `servers`: built once, from the router. */
function buildDocument(): OpenAPIObject {
  const extraPaths = {
    ...compatPaths(),
    ...streamPaths({
      generateStream: summaryOf('generateStream'),
      jobsEvents: summaryOf('jobs.events'),
    }),
  };
  const document = generateOpenApiDocument(appRouter, {
    title: 'Switchyard',
    version: VERSION,
    description: DESCRIPTION,
    baseUrl: '/',
    securitySchemes: SECURITY_SCHEMES,
    paths: extraPaths,
    defs: {
      GenerateInput: generateInputSchema,
      GenerateResult: generateResultSchema,
      Attempt: attemptSchema,
      Job: jobSchema,
      RestError: restErrorSchema,
      TrpcError: trpcErrorSchema,
      RequestError: requestErrorSchema,
      ...STREAM_INPUT_COMPONENTS,
      ...COMPAT_REQUEST_COMPONENTS,
    },
  });
  // The REST routes live under REST_ENDPOINT; the others are absolute.
  document.paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path in extraPaths ? path : `${REST_ENDPOINT}${path}`,
      item,
    ]),
  );
  describeRestOperations(document);
  document.components = {
    ...document.components,
    securitySchemes: { ...SECURITY_SCHEMES, apiKey: API_KEY_SCHEME },
  };
  return document;
}

let built: OpenAPIObject | undefined;

/**
 * The OpenAPI 3.1 document of the gateway: every tRPC query and mutation as
 * REST under `/api` (generated from the router's zod schemas by
 * trpc-to-openapi), the tRPC subscriptions as server-sent event streams, and
 * the OpenAI- and Anthropic-compatible `/v1` routes; its one server is
 * `origin` (the URL the document was asked for).
 */
export function openApiDocument(origin: string): OpenAPIObject {
  built ??= buildDocument();
  return { ...built, servers: [{ url: origin }] };
}
