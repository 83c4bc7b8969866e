import { SwitchyardError, type TextStreamPart } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createAnthropic } from './index';

const MESSAGES = 'POST /v1/messages';

describeProviderConformance({
  packageName: '@switchyard/providers-anthropic',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createAnthropic({ baseURL, apiKey }),
  baseURL: (url) => `${url}/v1`,
  apiKeyVariable: 'ANTHROPIC_API_KEY',
  textStream: {
    modelId: 'claude-haiku-4-5',
    request: { prompt: 'Hello' },
    route: MESSAGES,
    transcript: fixtureResponse('anthropic/messages.stream.txt'),
    // The recorded stream cut elsewhere, or failing midway (this package's __fixtures__).
    broken: [
      {
        title: 'cut after a few deltas',
        transcript: fixtureResponse(
          new URL('./__fixtures__/messages.stream.cut.txt', import.meta.url),
        ),
        code: 'invalid_response',
        message: 'message_stop',
      },
      {
        title: 'cut after message_delta',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/messages.stream.cut-before-stop.txt',
            import.meta.url,
          ),
        ),
        code: 'invalid_response',
        message: 'message_stop',
      },
      {
        title: 'with an error event after text',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/messages.stream.error-after-text.txt',
            import.meta.url,
          ),
        ),
        code: 'server_error',
        message: 'Internal server error',
      },
    ],
  },
  text: {
    modelId: 'claude-haiku-4-5',
    request: { prompt: 'Hello' },
    firstRoute: MESSAGES,
    routes: {
      [MESSAGES]: {
        response: fixtureResponse('anthropic/messages.success.json'),
      },
    },
  },
});

describeRecordedErrors({
  routes: [MESSAGES],
  secret: 'anthropic-secret-key',
  call: (url) =>
    createAnthropic({ baseURL: `${url}/v1`, apiKey: 'anthropic-secret-key' })
      .textModel('claude-haiku-4-5')
      .generate({ prompt: 'hi' }, {}),
  cases: {
    'anthropic/error-400.invalid-request.json': {
      code: 'invalid_request',
      messageContains: "effort level 'xhigh'",
    },
    'anthropic/error-401.authentication.json': {
      code: 'auth',
      isRetryable: false,
    },
    'anthropic/error-403.permission.json': { code: 'auth', statusCode: 403 },
    'anthropic/error-404.not-found-model.json': { code: 'not_found' },
    'anthropic/error-429.rate-limit.json': {
      code: 'rate_limited',
      retryAfterMs: 33_000,
    },
    'anthropic/error-500.api-error.json': { code: 'server_error' },
    'anthropic/error-529.overloaded.json': {
      code: 'overloaded',
      statusCode: 529,
      isRetryable: true,
    },
  },
});

async function collect(parts: AsyncIterable<TextStreamPart>) {
  let text = '';
  const ends: TextStreamPart[] = [];
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else ends.push(part);
  }
  return { text, ends };
}

describe('createAnthropic', () => {
  const upstream = useFakeUpstream({
    [MESSAGES]: {
      response: fixtureResponse('anthropic/messages.success.json'),
    },
  });
  const model = () =>
    createAnthropic({ baseURL: `${upstream.url}/v1`, apiKey: 'k' }).textModel(
      'claude-sonnet-4-5',
    );

  it('should move system messages to `system`, default max_tokens and read the answer', async () => {
    const result = await model().generate(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: 'The quick brown fox jumps over the lazydog',
          },
        ],
        stop: ['END'],
        providerOptions: { anthropic: { topK: 5 } },
      },
      {},
    );
    expect(result).toMatchObject({
      text: expect.stringContaining('lazy dog'),
      finishReason: 'stop',
      modelId: 'claude-sonnet-4-5-20250929',
      usage: {
        inputTokens: expect.any(Number),
        outputTokens: expect.any(Number),
      },
    });
    const call = upstream.calls.at(-1);
    expect(call?.headers).toMatchObject({
      'x-api-key': 'k',
      'anthropic-version': '2023-06-01',
    });
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.bodyJson).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'The quick brown fox jumps over the lazydog' },
      ],
      stop_sequences: ['END'],
      top_k: 5,
    });
  });

  it('should stream the recorded transcript with usage from message_start and message_delta', async () => {
    upstream.routes[MESSAGES] = {
      response: fixtureResponse('anthropic/messages.stream.txt'),
    };
    const { parts } = await model().stream({ prompt: 'Name pirates' }, {});
    const { text, ends } = await collect(parts);
    expect(text).toBe('- Captain\n- Scoop');
    expect(ends).toEqual([
      {
        type: 'text-end',
        finishReason: 'stop',
        usage: { inputTokens: 17, outputTokens: 10, totalTokens: 27 },
        modelId: 'claude-sonnet-4-5-20250929',
      },
    ]);
    expect(upstream.calls.at(-1)?.bodyJson).toMatchObject({ stream: true });
  });

  it('should throw overloaded for an error event in the middle of a stream', async () => {
    upstream.routes[MESSAGES] = {
      response: fixtureResponse(
        'anthropic/messages.stream.error-overloaded.txt',
      ),
    };
    const { parts } = await model().stream({ prompt: 'Hi' }, {});
    const error: unknown = await collect(parts).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(SwitchyardError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'overloaded', provider: 'anthropic' });
  });

  it('should read the other recorded answer and stream', async () => {
    upstream.routes[MESSAGES] = {
      response: fixtureResponse('anthropic/messages.success.body.json'),
    };
    expect((await model().generate({ prompt: 'Hi' }, {})).text).not.toBe('');
    upstream.routes[MESSAGES] = {
      response: fixtureResponse('anthropic/messages.stream.vercel.txt'),
    };
    const { text, ends } = await collect(
      (await model().stream({ prompt: 'Hi' }, {})).parts,
    );
    expect(text).not.toBe('');
    expect(ends).toHaveLength(1);
  });

  it('should refuse image models with unsupported', () => {
    expect(() => createAnthropic().imageModel('x')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });
});

describe('listModels', () => {
  it('should give the tiers `requirements` rank by', () => {
    const tiers = createAnthropic({ apiKey: 'k' })
      .listModels()
      .map((info) => [info.id, info.tier]);
    expect(tiers).toEqual([
      ['claude-haiku-4-5', { quality: 'standard', speed: 'fast' }],
      ['claude-sonnet-4-5', { quality: 'premium', speed: 'standard' }],
      ['claude-opus-4-1', { quality: 'premium', speed: 'relaxed' }],
    ]);
  });
});
