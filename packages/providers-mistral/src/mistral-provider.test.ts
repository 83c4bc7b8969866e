import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createMistral } from './index';

const CHAT = 'POST /v1/chat/completions';
const success = fixtureResponse('mistral/chat-completions.success.body.json');

describeProviderConformance({
  packageName: '@switchyard/providers-mistral',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createMistral({ baseURL, apiKey }),
  baseURL: (url) => `${url}/v1`,
  apiKeyVariable: 'MISTRAL_API_KEY',
  textStream: {
    modelId: 'mistral-small-latest',
    request: { prompt: 'Hello' },
    route: CHAT,
    transcript: fixtureResponse('mistral/chat-completions.stream.txt'),
  },
  text: {
    modelId: 'mistral-small-latest',
    request: { prompt: 'Invent a holiday' },
    firstRoute: CHAT,
    routes: { [CHAT]: { response: success } },
  },
});

describeRecordedErrors({
  routes: [CHAT],
  secret: 'mistral-secret-key',
  call: (url) =>
    createMistral({ baseURL: `${url}/v1`, apiKey: 'mistral-secret-key' })
      .textModel('mistral-small-latest')
      .generate({ prompt: 'hi' }, {}),
  cases: {
    'mistral/error-400.invalid-model.json': {
      code: 'invalid_request',
      messageContains: 'Invalid model: mistral-does-not-exist',
    },
    'mistral/error-401.no-api-key.json': { code: 'auth', statusCode: 401 },
    'mistral/error-404.no-route.json': { code: 'not_found' },
    'mistral/error-422.validation.json': {
      code: 'invalid_request',
      messageContains: 'body.messages: Field required',
    },
    'mistral/error-429.rate-limit.json': { code: 'rate_limited' },
  },
});

describe('createMistral', () => {
  const upstream = useFakeUpstream({ [CHAT]: { response: success } });
  const model = () =>
    createMistral({ baseURL: `${upstream.url}/v1`, apiKey: 'k' }).textModel(
      'mistral-small-latest',
    );

  it('should read the recorded answer and send a seed-less request with a warning', async () => {
    const result = await model().generate(
      {
        prompt: 'Invent a holiday',
        seed: 4,
        providerOptions: { mistral: { safePrompt: true } },
      },
      {},
    );
    expect(result).toMatchObject({
      text: expect.stringContaining('World Kindness Day'),
      finishReason: 'stop',
      usage: { inputTokens: 13, outputTokens: 434, totalTokens: 447 },
      warnings: [expect.objectContaining({ setting: 'seed' })],
    });
    expect(upstream.calls.at(-1)?.bodyJson).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Invent a holiday' }],
      safe_prompt: true,
    });
    expect(upstream.calls.at(-1)?.headers.authorization).toBe('Bearer k');
  });

  it('should stream the recorded transcript', async () => {
    upstream.routes[CHAT] = {
      response: fixtureResponse('mistral/chat-completions.stream.txt'),
    };
    const streamed = await model().stream({ prompt: 'Invent a holiday' }, {});
    let text = '';
    let end: unknown;
    for await (const part of streamed.parts) {
      if (part.type === 'text-delta') text += part.text;
      else end = part;
    }
    expect(text.length).toBeGreaterThan(20);
    expect(end).toMatchObject({ type: 'text-end', finishReason: 'stop' });
  });

  it('should refuse image models with unsupported', () => {
    expect(() => createMistral().imageModel('pixtral')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });
});
