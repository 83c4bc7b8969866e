import Ajv2020 from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { readEvents } from '../../compat/__tests__/compat-harness';

/** The parts of an OpenAPI document these checks read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation | undefined>>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers?: Record<string, Header>;
  };
}

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  required?: string[];
}

interface Header {
  $ref?: string;
  required?: boolean;
  schema?: object;
}

interface Operation {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { headers?: Record<string, Header>; content?: Record<string, unknown> }
  >;
}

const DOCUMENT_ID = 'https://switchyard.invalid/openapi.json';

/** A JSON pointer into the document, as a URI fragment. */
function pointer(segments: string[]): string {
  return `${DOCUMENT_ID}#/${segments
    .map((segment) =>
      encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1')),
    )
    .join('/')}`;
}

/** The status key of `operation`'s responses that documents `status`. */
function statusKey(operation: Operation, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, 'default'].find(
    (key) => operation.responses[key] !== undefined,
  );
}

/**
 * Checks real answers (and request bodies) against an OpenAPI 3.1 document
 * with a JSON Schema 2020-12 validator: bodies against their media type's
 * schema, headers against the documented headers.
 */
export function documentChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({
    strict: false,
    validateFormats: false,
    allErrors: true,
  });
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  /** `value` is valid against the schema at `at` (or, `valid: false`, not). */
  const validate = (options: {
    at: string[];
    value: unknown;
    what: string;
    valid?: boolean;
  }) => {
    const { at, value, what } = options;
    const check = ajv.getSchema(pointer(at));
    expect(check, `no schema at ${at.join(' ')}`).toBeDefined();
    if (options.valid === false) {
      expect(check?.(value), `${what} is refused`).toBe(false);
      return;
    }
    expect(
      check?.(value) === true ? [] : check?.errors,
      `${what}: ${JSON.stringify(value).slice(0, 400)}`,
    ).toEqual([]);
  };
  const operationOf = (path: string, method: string): Operation => {
    const operation = document.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    return operation as Operation;
  };
  const headerOf = (header: Header): Header => {
    const name = header.$ref?.split('/').at(-1);
    return name === undefined
      ? header
      : (document.components.headers?.[name] ?? {});
  };

  function checkHeaders(
    response: Response,
    documented: Record<string, Header>,
  ): void {
    for (const [name, entry] of Object.entries(documented)) {
      const header = headerOf(entry);
      const value = response.headers.get(name);
      if (header.required === true) {
        expect(value, `header ${name}`).not.toBeNull();
      }
      if (value !== null && header.schema !== undefined) {
        expect(ajv.validate(header.schema, value), `${name}: ${value}`).toBe(
          true,
        );
      }
    }
    for (const name of response.headers.keys()) {
      if (!/^(x-switchyard-|retry-after)/.test(name)) continue;
      expect(Object.keys(documented), `undocumented ${name}`).toContain(name);
    }
  }

  return {
    /**
     * `body` is one the operation's JSON request body schema accepts (or,
     * `valid: false`, refuses: the route refuses it too).
     */
    request(
      route: { path: string; method: string },
      body: unknown,
      valid = true,
    ): void {
      operationOf(route.path, route.method);
      validate({
        at: [
          'paths',
          route.path,
          route.method,
          'requestBody',
          'content',
          'application/json',
          'schema',
        ],
        value: body,
        what: `request to ${route.path}`,
        valid,
      });
    },

    /**
     * The answer's status, headers and body are the ones the operation
     * documents (a stream: every event); resolves with the body (JSON), the
     * events' data (a stream) or the bytes.
     */
    async response(
      route: { path: string; method: string },
      response: Response,
    ): Promise<unknown> {
      const operation = operationOf(route.path, route.method);
      const key = statusKey(operation, response.status);
      expect(key, `status ${response.status} of ${route.path}`).toBeDefined();
      const documented = operation.responses[key ?? ''];
      checkHeaders(response, documented?.headers ?? {});
      const type = (response.headers.get('content-type') ?? '')
        .split(';')[0]
        ?.trim();
      const types = Object.keys(documented?.content ?? {});
      const mediaType = types.find(
        (each) =>
          each === type ||
          (each.endsWith('/*') && type?.startsWith(each.slice(0, -1))),
      );
      if (types.length === 0) {
        expect(await response.text()).toBe('');
        return undefined;
      }
      expect(mediaType, `${type} of ${route.path}`).toBeDefined();
      const schema = [
        'paths',
        route.path,
        route.method,
        'responses',
        key ?? '',
        'content',
        mediaType ?? '',
        'schema',
      ];
      if (type === 'application/json') {
        const body: unknown = await response.json();
        validate({
          at: schema,
          value: body,
          what: `${response.status} of ${route.path}`,
        });
        return body;
      }
      if (type === 'text/event-stream') {
        const data = (await readEvents(response))
          .map((event) => event.data)
          .filter((data) => data !== '[DONE]')
          .map((data) => JSON.parse(data) as unknown);
        for (const event of data)
          validate({
            at: schema,
            value: event,
            what: `event of ${route.path}`,
          });
        return data;
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
