import {
  SwitchyardError,
  costMetadataSchema,
  finishReasonSchema,
  generatedImageSchema,
  imageCapabilitiesSchema,
  isProviderDefinition,
  musicCapabilitiesSchema,
  speechCapabilitiesSchema,
  textCapabilitiesSchema,
  usageSchema,
  warningSchema,
  type ErrorCode,
  type Model,
  type ModelKind,
  type Provider,
  type TextRequest,
  modelOfKind,
  type ImageRequest,
} from '@switchyard/core';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { createFakeUpstream } from '../fake-upstream';
import { describeHostileInputs } from './hostile-inputs';
import {
  describeStreamConformance,
  type ConformanceStream,
} from './stream-conformance';
import type {
  FakeResponse,
  FakeRoutes,
  FakeUpstream,
} from '../fake-upstream-types';

/** One model kind the suite exercises. */
export interface ConformanceModel<TRequest> {
  modelId: string;
  /** A request the model serves. */
  request: TRequest;
  /** The routes that answer one successful call (recorded fixtures); none for an offline provider. */
  routes?: FakeRoutes;
  /**
   * The route the call reaches first; the suite makes it fail in every
   * standard way. Leave it out only for a provider that makes no HTTP calls.
   */
  firstRoute?: string;
}

/** Options of {@link describeProviderConformance}. */
export interface ProviderConformanceOptions {
  /** The package name, used in test titles: `@switchyard/providers-openai`. */
  packageName: string;
  /** The package's index module: `await import('./index')`. */
  exports: Record<string, unknown>;
  /** Creates the provider against the fake upstream. */
  create(settings: { baseURL: string; apiKey?: string }): Provider;
  /** The provider's base URL for a fake upstream at `url`. Default: `url`. */
  baseURL?: (url: string) => string;
  /** The environment variable the key falls back to; emptied for the missing-key test. */
  apiKeyVariable?: string;
  image?: ConformanceModel<ImageRequest>;
  text?: ConformanceModel<TextRequest>;
  /** A recorded text stream: it must end, and fail with `invalid_response` once cut. */
  textStream?: ConformanceStream;
  /** Standard cases that do not apply, with the reason in the test file. */
  skip?: ReadonlyArray<'malformed-json'>;
}

const API_KEY = 'sk-conformance-key-0123456789';
const GENERIC_ERROR_BODY = { error: { message: 'conformance failure' } };

interface StatusCase {
  status: number;
  code: ErrorCode;
  headers?: Record<string, string>;
  retryAfterMs?: number;
}

const STATUS_CASES: StatusCase[] = [
  { status: 401, code: 'auth' },
  { status: 403, code: 'auth' },
  { status: 404, code: 'not_found' },
  {
    status: 429,
    code: 'rate_limited',
    headers: { 'retry-after': '3' },
    retryAfterMs: 3_000,
  },
  { status: 500, code: 'server_error' },
];

async function failure(call: Promise<unknown>): Promise<SwitchyardError> {
  const outcome: unknown = await call.then(
    () => new Error('expected the call to fail, but it succeeded'),
    (error: unknown) => error,
  );
  if (!SwitchyardError.isInstance(outcome)) {
    throw new Error(`expected a SwitchyardError, got: ${String(outcome)}`, {
      cause: outcome,
    });
  }
  return outcome;
}

/**
 * The suite every provider package runs: the exports STYLE.md asks for, the
 * model contract, results that parse with the published schemas, the
 * standard failures (statuses, an HTML page, malformed JSON, a reset, a
 * hang cancelled by the caller, a missing key) mapped to the right codes, and
 * a key that never reaches an error. Runs against a real fake upstream.
 *
 * @example
 * describeProviderConformance({
 *   packageName: '@switchyard/providers-openai',
 *   exports: await import('./index'),
 *   create: ({ baseURL, apiKey }) => createOpenAI({ baseURL, apiKey }),
 *   baseURL: (url) => `${url}/v1`,
 *   apiKeyVariable: 'OPENAI_API_KEY',
 *   text: { modelId: 'gpt-4o-mini', request: { prompt: 'Hi' }, firstRoute: 'POST /v1/chat/completions', routes: { … } },
 * });
 */
export function describeProviderConformance(
  options: ProviderConformanceOptions,
): void {
  describe(`${options.packageName} conformance`, () => {
    describeExports(options);
    if (options.image) {
      describeModel({ options, kind: 'image', model: options.image });
    }
    if (options.text) {
      describeModel({ options, kind: 'text', model: options.text });
    }
    if (options.textStream) {
      describeStreamConformance({
        create: (url) =>
          options.create({
            baseURL: (options.baseURL ?? ((base: string) => base))(url),
            apiKey: API_KEY,
          }),
        stream: options.textStream,
      });
    }
  });
}

function describeExports(options: ProviderConformanceOptions): void {
  describe('index exports', () => {
    it('should export createX, VERSION and switchyardProvider, and no other value', () => {
      const values = Object.keys(options.exports).sort();
      const factories = values.filter((name) => /^create[A-Z]/.test(name));
      expect(factories).toHaveLength(1);
      expect(values).toEqual(
        [factories[0], 'VERSION', 'switchyardProvider'].sort(),
      );
      expect(typeof options.exports.VERSION).toBe('string');
      expect(isProviderDefinition(options.exports.switchyardProvider)).toBe(
        true,
      );
    });
  });
}

/** Each kind's capabilities schema, for the models a provider lists. */
const CAPABILITIES_SCHEMAS: Record<
  ModelKind,
  { safeParse(value: unknown): { error?: unknown } }
> = {
  image: imageCapabilitiesSchema,
  text: textCapabilitiesSchema,
  speech: speechCapabilitiesSchema,
  music: musicCapabilitiesSchema,
};

function describeModel(args: {
  options: ProviderConformanceOptions;
  kind: 'image' | 'text';
  model: ConformanceModel<ImageRequest> | ConformanceModel<TextRequest>;
}): void {
  const { options, kind, model } = args;
  describe(`${kind} model ${model.modelId}`, () => {
    let upstream: FakeUpstream;
    const provider = () =>
      options.create({
        baseURL: (options.baseURL ?? ((url: string) => url))(upstream.url),
        apiKey: API_KEY,
      });
    const modelOf = (target: Provider): Model =>
      modelOfKind(target, kind, model.modelId);
    // Each kind's model takes its own request type; the suite's request is that kind's.
    const generate = (target: Model, signal?: AbortSignal): Promise<unknown> =>
      (
        target.generate as (
          request: unknown,
          options: { signal?: AbortSignal },
        ) => Promise<unknown>
      )(model.request, { signal });
    const firstRoute = model.firstRoute;
    const failWith = (response: FakeResponse) => {
      const route =
        firstRoute === undefined ? undefined : upstream.routes[firstRoute];
      if (route === undefined) {
        throw new Error(
          `firstRoute "${model.firstRoute}" is not one of the routes given`,
        );
      }
      route.response = response;
    };

    beforeAll(async () => {
      upstream = await createFakeUpstream(model.routes ?? {});
    });
    beforeEach(() => {
      upstream.reset();
    });
    afterAll(() => upstream.close());

    it('should describe itself with the contract fields', () => {
      const target = modelOf(provider());
      expect(target.kind).toBe(kind);
      expect(target.modelId).toBe(model.modelId);
      expect(typeof target.provider).toBe('string');
      const capabilities =
        kind === 'image' ? imageCapabilitiesSchema : textCapabilitiesSchema;
      expect(capabilities.safeParse(target.capabilities).error).toBeUndefined();
      if (target.cost !== undefined) {
        expect(costMetadataSchema.safeParse(target.cost).error).toBeUndefined();
      }
      for (const info of provider().listModels()) {
        const schema = CAPABILITIES_SCHEMAS[info.kind];
        expect(
          schema.safeParse(info.capabilities).error,
          info.id,
        ).toBeUndefined();
      }
    });

    it('should turn a recorded success into a result that parses with the published schemas', async () => {
      const result = (await generate(modelOf(provider()))) as Record<
        string,
        unknown
      >;
      expect(
        warningSchema.array().safeParse(result.warnings).error,
      ).toBeUndefined();
      if (kind === 'image') {
        const images = generatedImageSchema
          .array()
          .min(1)
          .safeParse(result.images);
        expect(images.error).toBeUndefined();
      } else {
        expect(typeof result.text).toBe('string');
        expect(
          finishReasonSchema.safeParse(result.finishReason).error,
        ).toBeUndefined();
        expect(usageSchema.safeParse(result.usage).error).toBeUndefined();
      }
      if (firstRoute === undefined) return;
      expect(upstream.calls.length).toBeGreaterThan(0);
      const sentHeaders = upstream.calls.flatMap((call) =>
        Object.values(call.headers),
      );
      expect(sentHeaders.some((value) => value.includes(API_KEY))).toBe(true);
    });

    if (firstRoute === undefined) return;

    describeHostileInputs({
      modelId: model.modelId,
      routes: model.routes,
      firstRoute,
      apiKey: API_KEY,
      upstream: () => upstream,
      modelOf: (modelId = model.modelId) =>
        kind === 'image'
          ? provider().imageModel(modelId)
          : provider().textModel(modelId),
      generate: (target) => generate(target),
      failWith,
    });

    for (const testCase of STATUS_CASES) {
      it(`should map HTTP ${testCase.status} to ${testCase.code}`, async () => {
        failWith({
          type: 'error',
          status: testCase.status,
          headers: testCase.headers,
          body: GENERIC_ERROR_BODY,
        });
        const error = await failure(generate(modelOf(provider())));
        expect(error.code).toBe(testCase.code);
        expect(error.statusCode).toBe(testCase.status);
        expect(error.provider).toBeTruthy();
        if (testCase.retryAfterMs !== undefined) {
          expect(error.retryAfterMs).toBe(testCase.retryAfterMs);
        }
        expect(
          JSON.stringify({
            error,
            message: error.message,
            body: error.responseBody,
          }),
        ).not.toContain(API_KEY);
      });
    }

    it('should describe an HTML error page instead of failing to parse it', async () => {
      failWith({
        type: 'error',
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      });
      const error = await failure(generate(modelOf(provider())));
      expect(error.code).toBe('server_error');
      expect(error.message).toContain('HTML');
    });

    if (!options.skip?.includes('malformed-json')) {
      it('should answer a malformed success body with invalid_response, not a crash', async () => {
        failWith({
          type: 'binary',
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"this is": not json',
        });
        const error = await failure(generate(modelOf(provider())));
        expect(error.code).toBe('invalid_response');
      });
    }

    it('should answer an empty success body with invalid_response', async () => {
      failWith({ type: 'empty', status: 200 });
      const error = await failure(generate(modelOf(provider())));
      expect(error.code).toBe('invalid_response');
    });

    it('should map a connection reset to network', async () => {
      failWith({ type: 'reset' });
      const error = await failure(generate(modelOf(provider())));
      expect(error.code).toBe('network');
    });

    it("should stop the upstream request when the caller's signal aborts", async () => {
      failWith({ type: 'hang' });
      const controller = new AbortController();
      const call = generate(modelOf(provider()), controller.signal);
      await vi.waitFor(() => {
        expect(upstream.calls).toHaveLength(1);
      });
      controller.abort();
      const error = await failure(call);
      expect(error.code).toBe('cancelled');
      expect(await upstream.calls[0]?.ended).toBe('closed-early');
    });

    if (options.apiKeyVariable !== undefined) {
      const variable = options.apiKeyVariable;
      it(`should fail with auth, before any request, when neither apiKey nor ${variable} is set`, async () => {
        vi.stubEnv(variable, '');
        try {
          const target = options.create({
            baseURL: (options.baseURL ?? ((url: string) => url))(upstream.url),
          });
          const error = await failure(generate(modelOf(target)));
          expect(error.code).toBe('auth');
          expect(error.message).toContain(variable);
          expect(upstream.calls).toHaveLength(0);
        } finally {
          vi.unstubAllEnvs();
        }
      });
    }
  });
}
