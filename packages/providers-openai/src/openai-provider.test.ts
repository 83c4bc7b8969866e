import { SwitchyardError } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  type ExpectedError,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createOpenAI } from './index';

const CHAT = 'POST /v1/chat/completions';
const IMAGES = 'POST /v1/images/generations';

describeProviderConformance({
  packageName: '@switchyard/providers-openai',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createOpenAI({ baseURL, apiKey }),
  baseURL: (url) => `${url}/v1`,
  apiKeyVariable: 'OPENAI_API_KEY',
  textStream: {
    modelId: 'gpt-4o-mini',
    request: { prompt: 'Hello' },
    route: CHAT,
    transcript: fixtureResponse('openai/chat-completions.stream.txt'),
    // The recorded stream cut elsewhere, or failing midway (this package's __fixtures__).
    broken: [
      {
        title: 'cut after a few deltas',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/chat-completions.stream.cut.txt',
            import.meta.url,
          ),
        ),
        code: 'invalid_response',
        message: '[DONE]',
      },
      {
        title: 'cut after the finish_reason, before the usage and [DONE]',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/chat-completions.stream.cut-before-usage.txt',
            import.meta.url,
          ),
        ),
        code: 'invalid_response',
        message: '[DONE]',
      },
      {
        title: 'with an error chunk mid-stream',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/chat-completions.stream.error.txt',
            import.meta.url,
          ),
        ),
        code: 'server_error',
        message: 'The server had an error',
      },
    ],
  },
  text: {
    modelId: 'gpt-4o-mini',
    request: { prompt: 'Hello' },
    firstRoute: CHAT,
    routes: {
      [CHAT]: {
        response: fixtureResponse('openai/chat-completions.success.json'),
      },
    },
  },
  image: {
    modelId: 'dall-e-3',
    request: { prompt: 'a sea otter', width: 1024, height: 1024 },
    firstRoute: IMAGES,
    routes: {
      [IMAGES]: {
        response: fixtureResponse('openai/images-generations.b64_json.json'),
      },
    },
  },
});

async function failure(call: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error))
    throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  return error;
}

describe('createOpenAI', () => {
  const upstream = useFakeUpstream({
    [CHAT]: {
      response: fixtureResponse('openai/chat-completions.success.json'),
    },
    [IMAGES]: {
      response: fixtureResponse('openai/images-generations.b64_json.json'),
    },
  });
  const openai = () =>
    createOpenAI({
      apiKey: 'sk-test',
      baseURL: `${upstream.url}/v1`,
      organization: 'org-1',
    });

  describe('textModel', () => {
    it('should send the chat request OpenAI expects and read the recorded answer', async () => {
      const result = await openai()
        .textModel('o3-mini')
        .generate(
          {
            messages: [
              { role: 'system', content: 'You are a potato.' },
              { role: 'user', content: 'Who are you?' },
            ],
            maxTokens: 100,
            temperature: 0.2,
            stop: ['\n\n'],
            providerOptions: {
              openai: { reasoningEffort: 'low', user: 'u-1' },
            },
          },
          {},
        );
      expect(result).toMatchObject({
        text: expect.stringContaining('I am a potato'),
        finishReason: 'stop',
        usage: { inputTokens: 11, outputTokens: 809, totalTokens: 820 },
        modelId: 'o3-mini-2025-01-31',
        warnings: [],
      });
      const call = upstream.calls[0];
      expect(call?.headers).toMatchObject({
        authorization: 'Bearer sk-test',
        'openai-organization': 'org-1',
        'content-type': 'application/json',
        'user-agent': expect.stringMatching(/^switchyard\/providers-openai\//),
      });
      expect(call?.bodyJson).toEqual({
        model: 'o3-mini',
        messages: [
          { role: 'system', content: 'You are a potato.' },
          { role: 'user', content: 'Who are you?' },
        ],
        max_completion_tokens: 100,
        temperature: 0.2,
        stop: ['\n\n'],
        reasoning_effort: 'low',
        user: 'u-1',
      });
    });

    it('should refuse unknown provider options with invalid_request before calling', async () => {
      const error = await failure(
        openai()
          .textModel('gpt-4o-mini')
          .generate(
            {
              prompt: 'hi',
              providerOptions: { openai: { reasoningEfort: 'low' } },
            },
            {},
          ),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('providerOptions.openai');
      expect(upstream.calls).toHaveLength(0);
    });

    it('should stream the recorded transcript as deltas and one end part', async () => {
      upstream.routes[CHAT] = {
        response: fixtureResponse('openai/chat-completions.stream.txt'),
      };
      const model = openai().textModel('gpt-4o-mini');
      const { parts } = await (model.stream?.(
        { prompt: 'capital of the UK?' },
        {},
      ) ?? Promise.reject(new Error('no stream')));
      let text = '';
      const ends = [];
      for await (const part of parts) {
        if (part.type === 'text-delta') text += part.text;
        else ends.push(part);
      }
      expect(text).toBe('The capital of the UK is London.');
      expect(ends).toEqual([
        expect.objectContaining({
          type: 'text-end',
          finishReason: 'stop',
          usage: { inputTokens: 78, outputTokens: 9, totalTokens: 87 },
          modelId: 'gpt-4o-mini-2024-07-18',
        }),
      ]);
      expect(upstream.calls[0]?.bodyJson).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
    });
  });

  describe('imageModel', () => {
    it('should ask for base64 at the requested size and warn about what it ignores', async () => {
      const result = await openai()
        .imageModel('dall-e-3')
        .generate(
          {
            prompt: 'a sea otter',
            width: 1024,
            height: 1792,
            seed: 3,
            providerOptions: { openai: { quality: 'hd' } },
          },
          {},
        );
      expect(upstream.calls[0]?.bodyJson).toEqual({
        model: 'dall-e-3',
        prompt: 'a sea otter',
        size: '1024x1792',
        response_format: 'b64_json',
        quality: 'hd',
      });
      expect(result.images[0]).toMatchObject({
        base64: expect.stringMatching(/^iVBORw0KGgo/),
        mimeType: 'image/png',
        width: 1024,
        height: 1792,
        revisedPrompt: expect.stringContaining('sea otter'),
      });
      expect(result.images).toHaveLength(2);
      expect(result.warnings.map((warning) => warning.setting)).toEqual([
        'seed',
      ]);
    });

    it('should return hosted URLs when the API answers with url', async () => {
      upstream.routes[IMAGES] = {
        response: fixtureResponse('openai/images-generations.url.json'),
      };
      const result = await openai()
        .imageModel('dall-e-2')
        .generate({ prompt: 'a cat' }, {});
      expect(result.images[0]?.url).toMatch(/^https:\/\//);
    });
  });
});

/** OpenAI's recorded errors, the same through the chat and the image endpoint. */
const RECORDED_ERRORS: Record<string, ExpectedError> = {
  'openai/error-400.content-policy.images.json': {
    code: 'content_policy',
    statusCode: 400,
  },
  'openai/error-400.missing-model.json': { code: 'invalid_request' },
  'openai/error-400.unknown-parameter-response_format.json': {
    code: 'invalid_request',
  },
  'openai/error-400.unsupported-parameter.json': { code: 'invalid_request' },
  'openai/error-401.invalid-api-key.json': { code: 'auth', statusCode: 401 },
  'openai/error-404.model-not-found.json': { code: 'not_found' },
  'openai/error-429.insufficient-quota.json': {
    code: 'quota_exceeded',
    isRetryable: false,
  },
  'openai/error-429.rate-limit-requests.json': {
    code: 'rate_limited',
    retryAfterMs: 4_000,
  },
  'openai/error-429.rate-limit-tokens.json': {
    code: 'rate_limited',
    retryAfterMs: 2_000,
  },
  'openai/error-500.server-error.json': {
    code: 'server_error',
    statusCode: 500,
  },
  'openai/error-503.overloaded.json': { code: 'overloaded', statusCode: 503 },
};

const recordedErrorsOpenAI = (url: string) =>
  createOpenAI({
    apiKey: 'sk-test',
    baseURL: `${url}/v1`,
    organization: 'org-1',
  });

describe.each([
  {
    endpoint: 'chat',
    route: CHAT,
    call: (url: string) =>
      recordedErrorsOpenAI(url)
        .textModel('gpt-4o-mini')
        .generate({ prompt: 'hi' }, {}),
  },
  {
    endpoint: 'images',
    route: IMAGES,
    call: (url: string) =>
      recordedErrorsOpenAI(url)
        .imageModel('dall-e-3')
        .generate({ prompt: 'hi' }, {}),
  },
])('the $endpoint endpoint', ({ route, call }) => {
  describeRecordedErrors({
    routes: [route],
    secret: 'sk-test',
    call,
    cases: Object.fromEntries(
      Object.entries(RECORDED_ERRORS).map(([file, expected]) => [
        file,
        { ...expected, provider: 'openai' },
      ]),
    ),
  });
});

describe('listModels', () => {
  it('should give the tiers `requirements` rank by', () => {
    const tiers = Object.fromEntries(
      createOpenAI({ apiKey: 'sk-test' })
        .listModels()
        .filter((info) => info.tier !== undefined)
        .map((info) => [info.id, info.tier]),
    );
    expect(tiers).toEqual({
      'gpt-4o-mini': { quality: 'standard', speed: 'fast' },
      'gpt-4o': { quality: 'premium', speed: 'standard' },
      'gpt-image-1': { quality: 'premium' },
      'dall-e-2': { quality: 'draft' },
    });
  });
});

describe('createOpenAI: probe', () => {
  const MODELS = 'GET /v1/models';
  const upstream = useFakeUpstream({
    [MODELS]: {
      response: {
        type: 'json',
        body: {
          object: 'list',
          data: [{ id: 'gpt-4o-mini', object: 'model' }],
        },
      },
    },
  });
  const signal = () => new AbortController().signal;

  it('should list the models with the key, and resolve when OpenAI answers', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-probe',
      baseURL: `${upstream.url}/v1`,
    });
    await expect(openai.probe?.({ signal: signal() })).resolves.toBe(undefined);
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]).toMatchObject({
      method: 'GET',
      url: '/v1/models',
      headers: expect.objectContaining({ authorization: 'Bearer sk-probe' }),
    });
  });

  it('should fail with auth on the recorded 401, and server_error on a 500', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-wrong',
      baseURL: `${upstream.url}/v1`,
    });
    upstream.routes[MODELS] = {
      response: fixtureResponse('openai/error-401.invalid-api-key.json'),
    };
    await expect(openai.probe?.({ signal: signal() })).rejects.toMatchObject({
      code: 'auth',
      statusCode: 401,
      message: expect.stringContaining('Incorrect API key provided'),
    });
    upstream.routes[MODELS] = {
      response: fixtureResponse('openai/error-500.server-error.json'),
    };
    await expect(openai.probe?.({ signal: signal() })).rejects.toMatchObject({
      code: 'server_error',
    });
  });
});
