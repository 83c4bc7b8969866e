import { fixtureResponse, type FakeResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createHuggingFace } from './index';

const FLUX = 'black-forest-labs/FLUX.1-schnell';
const IMAGE = `POST /hf-inference/models/${FLUX}`;
const CHAT = 'POST /v1/chat/completions';
// The recorded tape keeps headers only; a real 1×1 PNG stands in for the bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC',
  'base64',
);
const imageSuccess = (): FakeResponse => ({
  ...fixtureResponse('huggingface/text-to-image.success.headers.json'),
  type: 'binary',
  body: PNG,
});

describeProviderConformance({
  packageName: '@switchyard/providers-huggingface',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createHuggingFace({ baseURL, apiKey }),
  apiKeyVariable: 'HF_TOKEN',
  image: {
    modelId: FLUX,
    request: { prompt: 'a fox', width: 512, height: 512 },
    firstRoute: IMAGE,
    routes: { [IMAGE]: { response: imageSuccess() } },
  },
  textStream: {
    modelId: 'meta-llama/Llama-3.1-8B-Instruct',
    request: { prompt: 'Hello' },
    route: CHAT,
    transcript: fixtureResponse(
      'huggingface/chat-completion.hf-inference.stream.txt',
    ),
  },
  text: {
    modelId: 'meta-llama/Llama-3.1-8B-Instruct',
    request: { prompt: 'Hello' },
    firstRoute: CHAT,
    routes: {
      [CHAT]: {
        response: fixtureResponse(
          'huggingface/chat-completion.router.success.json',
        ),
      },
    },
  },
});

describeRecordedErrors({
  routes: [IMAGE, CHAT],
  secret: 'hf_secret_token',
  call: (url) =>
    createHuggingFace({ baseURL: url, apiKey: 'hf_secret_token' })
      .imageModel(FLUX)
      .generate({ prompt: 'a fox' }, {}),
  cases: {
    'huggingface/error-401.invalid-token.json': { code: 'auth' },
    'huggingface/error-402.credits-exceeded.json': {
      code: 'quota_exceeded',
      messageContains: 'monthly included credits',
    },
    'huggingface/error-404.inference-proxy.json': { code: 'not_found' },
    'huggingface/error-404.model-not-found.json': { code: 'not_found' },
    'huggingface/error-422.deserialize.plain-text.json': {
      code: 'invalid_request',
      messageContains: 'missing field `messages`',
    },
    'huggingface/error-422.template.json': { code: 'invalid_request' },
    'huggingface/error-429.anonymous.json': { code: 'rate_limited' },
    'huggingface/error-503.model-loading.json': {
      code: 'model_loading',
      retryAfterMs: 20_000,
    },
    'huggingface/error-503.model-loading.feature-extraction.json': {
      code: 'model_loading',
      retryAfterMs: 20_000,
    },
    'huggingface/error-503.overloaded.json': { code: 'overloaded' },
  },
});

describe('createHuggingFace', () => {
  const upstream = useFakeUpstream({
    [IMAGE]: { response: imageSuccess() },
    [CHAT]: {
      response: fixtureResponse(
        'huggingface/chat-completion.hf-inference.success.json',
      ),
    },
  });
  const hf = () => createHuggingFace({ baseURL: upstream.url, apiKey: 'hf_k' });

  it('should send inputs and parameters and return the bytes as base64 with their type', async () => {
    const result = await hf().imageModel(FLUX).generate(
      {
        prompt: 'a fox',
        negativePrompt: 'blur',
        width: 768,
        height: 512,
        steps: 4,
        guidance: 0,
        seed: 9,
        n: 2,
      },
      {},
    );
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer hf_k');
    expect(upstream.calls[0]?.bodyJson).toEqual({
      inputs: 'a fox',
      parameters: {
        negative_prompt: 'blur',
        width: 768,
        height: 512,
        num_inference_steps: 4,
        guidance_scale: 0,
        seed: 9,
      },
    });
    expect(result.images).toEqual([
      {
        base64: PNG.toString('base64'),
        mimeType: 'image/jpeg',
        width: 768,
        height: 512,
        seed: 9,
      },
    ]);
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['n']);
  });

  it('should refuse an answer that is not an image', async () => {
    upstream.routes[IMAGE] = {
      response: {
        type: 'binary',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      },
    };
    await expect(
      hf().imageModel(FLUX).generate({ prompt: 'a fox' }, {}),
    ).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('should chat through the router and stream the recorded transcript', async () => {
    const result = await hf()
      .textModel('meta-llama/Llama-3.1-8B-Instruct')
      .generate({ prompt: 'Hello' }, {});
    expect(result.text).not.toBe('');
    upstream.routes[CHAT] = {
      response: fixtureResponse(
        'huggingface/chat-completion.hf-inference.stream.txt',
      ),
    };
    const streamed = await hf()
      .textModel('meta-llama/Llama-3.1-8B-Instruct')
      .stream({ prompt: 'Hello' }, {});
    let text = '';
    for await (const part of streamed.parts) {
      if (part.type === 'text-delta') text += part.text;
    }
    expect(text).not.toBe('');
  });
});

describe('createHuggingFace: probe', () => {
  const WHOAMI = 'GET /api/whoami-v2';
  const upstream = useFakeUpstream({
    [WHOAMI]: {
      response: { type: 'json', body: { type: 'user', name: 'me' } },
    },
  });
  const signal = () => new AbortController().signal;

  it("should read the token's account on the Hub, not the inference router", async () => {
    const hf = createHuggingFace({
      apiKey: 'hf_probe',
      baseURL: 'http://127.0.0.1:9',
      hubURL: upstream.url,
    });
    await expect(hf.probe?.({ signal: signal() })).resolves.toBe(undefined);
    expect(upstream.calls).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/api/whoami-v2',
        headers: expect.objectContaining({ authorization: 'Bearer hf_probe' }),
      }),
    ]);
  });

  it('should fail with auth on the recorded invalid-token answer', async () => {
    upstream.routes[WHOAMI] = {
      response: fixtureResponse('huggingface/error-401.invalid-token.json'),
    };
    const hf = createHuggingFace({ apiKey: 'hf_wrong', hubURL: upstream.url });
    await expect(hf.probe?.({ signal: signal() })).rejects.toMatchObject({
      code: 'auth',
      statusCode: 401,
    });
  });
});
