import { fixtureResponse, type FakeResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDirectory } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createPuter } from './index';

const CALL = 'POST /drivers/call';
// The recorded answer keeps headers only; a real 1×1 PNG stands in for the bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC',
  'base64',
);
const imageSuccess = (): FakeResponse => ({
  ...fixtureResponse('puter/drivers-call.txt2img.response.headers.json'),
  type: 'binary',
  body: PNG,
});
const recordedRequest = (name: string): unknown =>
  (
    JSON.parse(
      readFileSync(join(fixturesDirectory(), 'puter', name), 'utf8'),
    ) as { body: unknown }
  ).body;

describeProviderConformance({
  packageName: '@switchyard/providers-puter',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createPuter({ baseURL, apiKey }),
  apiKeyVariable: 'PUTER_AUTH_TOKEN',
  image: {
    modelId: 'flux-schnell',
    request: { prompt: 'a teapot' },
    firstRoute: CALL,
    routes: { [CALL]: { response: imageSuccess() } },
  },
  text: {
    modelId: 'gpt-5-nano',
    request: { prompt: 'Hello' },
    firstRoute: CALL,
    routes: {
      [CALL]: {
        response: fixtureResponse('puter/drivers-call.chat.response.json'),
      },
    },
  },
});

describeRecordedErrors({
  routes: [CALL],
  secret: 'puter-secret-token',
  call: (url) =>
    createPuter({ baseURL: url, apiKey: 'puter-secret-token' })
      .imageModel('flux-schnell')
      .generate({ prompt: 'a teapot' }, {}),
  cases: {
    'puter/drivers-call.error.json': {
      code: 'quota_exceeded',
      isRetryable: false,
      messageContains: 'insufficient',
    },
  },
});

describe('createPuter', () => {
  const upstream = useFakeUpstream({
    [CALL]: { response: imageSuccess() },
  });
  const puter = () => createPuter({ baseURL: upstream.url, apiKey: 'tok' });

  it('should send the recorded txt2img driver call and return the image bytes', async () => {
    const result = await puter()
      .imageModel('gpt-image-1-mini')
      .generate({ prompt: 'photorealistic teapot made of swiss cheese' }, {});
    const { args, ...call } = recordedRequest(
      'drivers-call.txt2img.request.json',
    ) as {
      args: Record<string, unknown>;
    };
    expect(upstream.calls[0]?.bodyJson).toEqual({
      ...call,
      args: { prompt: args.prompt, model: args.model },
    });
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer tok');
    expect(result.images).toEqual([
      { base64: PNG.toString('base64'), mimeType: 'image/png' },
    ]);
  });

  it('should send the recorded chat driver call and read its answer and usage', async () => {
    upstream.routes[CALL] = {
      response: fixtureResponse('puter/drivers-call.chat.response.json'),
    };
    const result = await puter()
      .textModel('gpt-5-nano')
      .generate({ prompt: 'How do I make my code run faster?' }, {});
    expect(upstream.calls[0]?.bodyJson).toEqual(
      recordedRequest('drivers-call.chat.request.json'),
    );
    expect(result).toMatchObject({
      text: 'Profile first, then optimise the hot path...',
      finishReason: 'stop',
      usage: { inputTokens: 14, outputTokens: 42, totalTokens: 56 },
    });
  });

  it('should treat a failure envelope sent with HTTP 200 as an error, for both kinds', async () => {
    const envelope = fixtureResponse('puter/drivers-call.error.json');
    upstream.routes[CALL] = {
      response: { ...envelope, type: 'json', status: 200 } as FakeResponse,
    };
    for (const call of [
      puter().textModel('gpt-5-nano').generate({ prompt: 'hi' }, {}),
      puter().imageModel('flux-schnell').generate({ prompt: 'hi' }, {}),
    ]) {
      await expect(call).rejects.toMatchObject({
        code: 'quota_exceeded',
        provider: 'puter',
      });
    }
  });
});
