import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createDeepSeek } from './index';

const CHAT = 'POST /chat/completions';

describeProviderConformance({
  packageName: '@switchyard/providers-deepseek',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createDeepSeek({ baseURL, apiKey }),
  apiKeyVariable: 'DEEPSEEK_API_KEY',
  textStream: {
    modelId: 'deepseek-chat',
    request: { prompt: 'Hello' },
    route: CHAT,
    transcript: fixtureResponse('deepseek/chat-completions.stream.txt'),
  },
  text: {
    modelId: 'deepseek-chat',
    request: { prompt: 'Hello' },
    firstRoute: CHAT,
    routes: {
      [CHAT]: {
        response: fixtureResponse(
          'deepseek/chat-completions.success.body.json',
        ),
      },
    },
  },
});

describeRecordedErrors({
  routes: [CHAT],
  secret: 'deepseek-secret-key',
  call: (url) =>
    createDeepSeek({ baseURL: url, apiKey: 'deepseek-secret-key' })
      .textModel('deepseek-chat')
      .generate({ prompt: 'hi' }, {}),
  cases: {
    'deepseek/error-400.json': { code: 'invalid_request', statusCode: 400 },
    'deepseek/error-401.authentication.json': { code: 'auth' },
    'deepseek/error-402.json': {
      code: 'quota_exceeded',
      messageContains: 'Insufficient Balance',
    },
    'deepseek/error-422.json': { code: 'invalid_request', statusCode: 422 },
    'deepseek/error-429.json': { code: 'rate_limited' },
    'deepseek/error-500.json': { code: 'server_error' },
    'deepseek/error-503.json': { code: 'overloaded' },
  },
});

describe('createDeepSeek', () => {
  const upstream = useFakeUpstream();
  const model = (id: string) =>
    createDeepSeek({ baseURL: upstream.url, apiKey: 'k' }).textModel(id);

  it('should answer with the reasoner content only, never its reasoning', async () => {
    upstream.routes[CHAT] = {
      response: fixtureResponse(
        'deepseek/chat-completions.reasoning.body.json',
      ),
    };
    const result = await model('deepseek-reasoner').generate(
      { prompt: "How many r's in strawberry?" },
      {},
    );
    expect(result.text).toContain('three instances');
    expect(result.text).not.toContain('We are asked');
    expect(result.modelId).toBe('deepseek-reasoner');
  });

  it('should stream the recorded transcript', async () => {
    upstream.routes[CHAT] = {
      response: fixtureResponse('deepseek/chat-completions.stream.txt'),
    };
    const streamed = await model('deepseek-chat').stream({ prompt: 'Hi' }, {});
    let text = '';
    let end: unknown;
    for await (const part of streamed.parts) {
      if (part.type === 'text-delta') text += part.text;
      else end = part;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(end).toMatchObject({
      type: 'text-end',
      finishReason: 'length',
      usage: { inputTokens: 13, outputTokens: 400, totalTokens: 413 },
    });
  });
});
