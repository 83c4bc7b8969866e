import type { TextStreamPart } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createGemini } from './index';

const TEXT = 'POST /models/gemini-2.5-flash:generateContent';
const STREAM = 'POST /models/gemini-2.5-flash:streamGenerateContent';
const IMAGE = 'POST /models/gemini-2.5-flash-image:generateContent';
const IMAGEN = 'POST /models/imagen-4.0-generate-001:predict';

describeProviderConformance({
  packageName: '@switchyard/providers-gemini',
  exports: packageExports,
  create: ({ baseURL, apiKey }) => createGemini({ baseURL, apiKey }),
  apiKeyVariable: 'GEMINI_API_KEY',
  textStream: {
    modelId: 'gemini-2.5-flash',
    request: { prompt: 'Hello' },
    route: STREAM,
    transcript: fixtureResponse('gemini/streamGenerateContent.sse.txt'),
    // The recorded stream cut elsewhere, or failing midway (this package's __fixtures__).
    broken: [
      {
        title: 'cut before a finishReason',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/streamGenerateContent.sse.cut.txt',
            import.meta.url,
          ),
        ),
        code: 'invalid_response',
        message: 'finishReason',
      },
      {
        title: 'with an error object mid-stream',
        transcript: fixtureResponse(
          new URL(
            './__fixtures__/streamGenerateContent.sse.error.txt',
            import.meta.url,
          ),
        ),
        code: 'overloaded',
        message: 'overloaded',
      },
    ],
  },
  text: {
    modelId: 'gemini-2.5-flash',
    request: { prompt: 'Hello' },
    firstRoute: TEXT,
    routes: {
      [TEXT]: {
        response: fixtureResponse('gemini/generateContent.success.json'),
      },
    },
  },
  image: {
    modelId: 'imagen-4.0-generate-001',
    request: { prompt: 'a pelican', n: 2 },
    firstRoute: IMAGEN,
    routes: {
      [IMAGEN]: {
        response: fixtureResponse('gemini/imagen-predict.success.json'),
      },
    },
  },
});

describeRecordedErrors({
  routes: [TEXT],
  secret: 'gemini-secret-key',
  call: (url) =>
    createGemini({ baseURL: url, apiKey: 'gemini-secret-key' })
      .textModel('gemini-2.5-flash')
      .generate({ prompt: 'hi' }, {}),
  cases: {
    'gemini/error-400.api-key-invalid.json': { code: 'auth', statusCode: 400 },
    'gemini/error-404.model-not-found.json': { code: 'not_found' },
    'gemini/error-429.resource-exhausted.json': {
      code: 'rate_limited',
      retryAfterMs: 34_400,
    },
    'gemini/error-500.internal.json': { code: 'server_error' },
    'gemini/error-503.overloaded.json': { code: 'overloaded' },
    'gemini/generateContent.prompt-blocked.json': {
      code: 'content_policy',
      messageContains: 'SAFETY',
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

describe('createGemini', () => {
  const upstream = useFakeUpstream({
    [TEXT]: {
      response: fixtureResponse('gemini/generateContent.success.body.json'),
    },
    [STREAM]: {
      response: fixtureResponse('gemini/streamGenerateContent.sse.txt'),
    },
    [IMAGE]: {
      response: fixtureResponse('gemini/generateContent.image-output.json'),
    },
    [IMAGEN]: {
      response: fixtureResponse('gemini/imagen-predict.success.json'),
    },
  });
  const gemini = () => createGemini({ baseURL: upstream.url, apiKey: 'k' });

  it('should send contents, systemInstruction and generationConfig with the key header', async () => {
    const result = await gemini()
      .textModel('gemini-2.5-flash')
      .generate(
        {
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!' },
            { role: 'user', content: 'Capital of France?' },
          ],
          maxTokens: 50,
          seed: 3,
          providerOptions: { gemini: { thinkingBudget: 0 } },
        },
        {},
      );
    expect(typeof result.text).toBe('string');
    const call = upstream.calls[0];
    expect(call?.headers['x-goog-api-key']).toBe('k');
    expect(call?.bodyJson).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { role: 'user', parts: [{ text: 'Capital of France?' }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: {
        maxOutputTokens: 50,
        seed: 3,
        thinkingConfig: { thinkingBudget: 0 },
      },
    });
  });

  it('should stream the recorded SSE transcript', async () => {
    const streamed = await gemini()
      .textModel('gemini-2.5-flash')
      .stream({ prompt: 'Capital of France?' }, {});
    const { text, ends } = await collect(streamed.parts);
    expect(text).toBe('The capital of France is Paris.\n');
    expect(ends).toEqual([
      expect.objectContaining({
        type: 'text-end',
        finishReason: 'stop',
        modelId: 'gemini-2.0-flash-exp',
      }),
    ]);
    expect(upstream.calls[0]?.url).toContain('alt=sse');
  });

  it('should stream a thinking model’s answer without its signatures or thoughts', async () => {
    upstream.routes[STREAM] = {
      response: fixtureResponse(
        'gemini/streamGenerateContent.sse.thinking.txt',
      ),
    };
    const model = gemini().textModel('gemini-2.5-flash');
    const recorded = await collect(
      (await model.stream({ prompt: 'Hi' }, {})).parts,
    );
    expect(recorded.text).toBe(
      'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y',
    );

    const chunk = (parts: unknown[], finishReason?: string) =>
      `data: ${JSON.stringify({ candidates: [{ content: { parts }, finishReason }] })}\n\n`;
    upstream.routes[STREAM] = {
      response: {
        type: 'sse',
        chunks: [
          chunk([{ text: 'Counting the letters…', thought: true }]),
          chunk([{ text: 'Three.' }], 'STOP'),
        ],
      },
    };
    const thought = await collect(
      (await model.stream({ prompt: 'Hi' }, {})).parts,
    );
    expect(thought.text).toBe('Three.');
  });

  it('should return the inline image of a Gemini image model, with its commentary', async () => {
    const result = await gemini()
      .imageModel('gemini-2.5-flash-image')
      .generate(
        { prompt: 'a pelican on a bicycle', aspectRatio: '16:9', seed: 2 },
        {},
      );
    expect(result.images[0]).toMatchObject({
      mimeType: 'image/png',
      base64: expect.stringMatching(/^iVBORw0KGgo/),
      revisedPrompt: expect.stringContaining('pelican'),
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['seed']);
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      generationConfig: {
        responseModalities: ['TEXT', 'IMAGE'],
        imageConfig: { aspectRatio: '16:9' },
      },
    });
  });

  it('should ask Imagen for n images at the aspect ratio width and height make', async () => {
    const result = await gemini()
      .imageModel('imagen-4.0-generate-001')
      .generate(
        { prompt: 'a pelican', n: 2, width: 1600, height: 900, seed: 5 },
        {},
      );
    expect(result.images).toHaveLength(2);
    expect(upstream.calls[0]?.bodyJson).toEqual({
      instances: [{ prompt: 'a pelican' }],
      parameters: { sampleCount: 2, aspectRatio: '16:9', seed: 5 },
    });
    expect(result.warnings).toEqual([]);
  });
});
