import { getJson, postForBinary, postJson, VERSION } from '@switchyard/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { catchError } from './__fixtures__/catch-error';
import { createFakeUpstream } from './fake-upstream';
import { fixtureResponse } from './fixture-response';

const chatCompletionSchema = z.object({
  id: z.string(),
  choices: z.array(
    z.object({ message: z.object({ content: z.string().nullish() }) }),
  ),
});

describe('postJson', () => {
  it("should send JSON with the User-Agent, content-type and the caller's headers", async () => {
    await using upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        response: fixtureResponse('openai/chat-completions.success.json'),
      },
    });
    await postJson({
      url: `${upstream.url}/v1/chat/completions`,
      provider: 'openai',
      userAgent: 'switchyard/providers-openai/1.2.3',
      headers: { Authorization: 'Bearer sk-test', 'OpenAI-Project': undefined },
      body: { model: 'o3-mini', messages: [{ role: 'user', content: 'hi' }] },
      parse: chatCompletionSchema,
    });
    const call = upstream.calls[0];
    expect(call?.bodyJson).toEqual({
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(call?.headers).toMatchObject({
      'user-agent': 'switchyard/providers-openai/1.2.3',
      'content-type': 'application/json',
      authorization: 'Bearer sk-test',
    });
    expect(call?.headers).not.toHaveProperty('openai-project');
  });

  it('should default the User-Agent to the provider and core version', async () => {
    await using upstream = await createFakeUpstream({
      '/ok': { response: { type: 'json', body: { id: 'x', choices: [] } } },
    });
    await postJson({
      url: `${upstream.url}/ok`,
      provider: 'acme',
      body: {},
      parse: chatCompletionSchema,
    });
    expect(upstream.calls[0]?.headers['user-agent']).toBe(
      `switchyard/acme/${VERSION}`,
    );
  });

  it('should return the parsed value and lower-cased response headers', async () => {
    const recorded = fixtureResponse('openai/chat-completions.success.json');
    if (recorded.type !== 'json') throw new Error('unexpected fixture');
    await using upstream = await createFakeUpstream({
      '/v1/chat/completions': {
        response: { ...recorded, headers: { 'OpenAI-Version': '2020-10-01' } },
      },
    });
    const { value, responseHeaders } = await postJson({
      url: `${upstream.url}/v1/chat/completions`,
      provider: 'openai',
      body: {},
      parse: chatCompletionSchema,
    });
    expect(value.id).toMatch(/^chatcmpl-/);
    expect(value.choices[0]?.message.content).toEqual(expect.any(String));
    expect(responseHeaders['openai-version']).toBe('2020-10-01');
    expect(responseHeaders['content-type']).toBe('application/json');
  });

  it('should fail with invalid_response, not crash, on malformed JSON in a 200', async () => {
    await using upstream = await createFakeUpstream({
      '/bad': {
        response: {
          type: 'binary',
          headers: { 'content-type': 'application/json' },
          body: '{"id": "chatcmpl-1", "choices": [',
        },
      },
    });
    const error = await catchError(
      postJson({
        url: `${upstream.url}/bad`,
        provider: 'openai',
        body: {},
        parse: chatCompletionSchema,
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.statusCode).toBe(200);
    expect(error.message).toMatch(
      /openai sent a response that is not valid JSON/,
    );
    expect(error.responseBody).toContain('chatcmpl-1');
  });

  it('should say the response did not match, naming the field', async () => {
    await using upstream = await createFakeUpstream({
      '/odd': {
        response: { type: 'json', body: { id: 42, choices: [] } },
      },
    });
    const error = await catchError(
      postJson({
        url: `${upstream.url}/odd`,
        provider: 'openai',
        body: {},
        parse: chatCompletionSchema,
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(
      /response from openai did not match what we expected: id: /,
    );
  });

  it('should fail with invalid_response on an empty 200 body', async () => {
    await using upstream = await createFakeUpstream({
      '/empty': { response: { type: 'empty' } },
    });
    const error = await catchError(
      postJson({
        url: `${upstream.url}/empty`,
        provider: 'openai',
        body: {},
        parse: chatCompletionSchema,
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('the body was empty');
  });

  it('should refuse a body larger than maxResponseBytes', async () => {
    await using upstream = await createFakeUpstream({
      '/big': {
        response: {
          type: 'json',
          body: { id: 'x'.repeat(10_000), choices: [] },
        },
      },
    });
    const error = await catchError(
      postJson({
        url: `${upstream.url}/big`,
        provider: 'openai',
        body: {},
        parse: chatCompletionSchema,
        maxResponseBytes: 1_000,
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('larger than 1000 bytes');
  });

  it('should keep connections alive between sequential calls', async () => {
    await using upstream = await createFakeUpstream({
      '/ok': { response: { type: 'json', body: { id: 'x', choices: [] } } },
    });
    for (let index = 0; index < 6; index++) {
      await postJson({
        url: `${upstream.url}/ok`,
        provider: 'acme',
        body: {},
        parse: chatCompletionSchema,
      });
    }
    const ports = new Set(upstream.calls.map((call) => call.remotePort));
    expect(upstream.calls).toHaveLength(6);
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it("should use the caller's fetch when one is given", async () => {
    await using upstream = await createFakeUpstream({
      '/ok': {
        response: { type: 'json', body: { id: 'via-fetch', choices: [] } },
      },
    });
    const customFetch = vi.fn(globalThis.fetch);
    const { value } = await postJson({
      url: `${upstream.url}/ok`,
      provider: 'acme',
      body: { a: 1 },
      parse: chatCompletionSchema,
      fetch: customFetch,
    });
    expect(value.id).toBe('via-fetch');
    expect(customFetch).toHaveBeenCalledOnce();
    expect(upstream.calls[0]?.bodyJson).toEqual({ a: 1 });
  });
});

describe('getJson', () => {
  it('should GET without a body or content-type', async () => {
    await using upstream = await createFakeUpstream({
      'GET /v1/models/m1': {
        response: { type: 'json', body: { id: 'm1', choices: [] } },
      },
    });
    const { value } = await getJson({
      url: `${upstream.url}/v1/models/m1`,
      provider: 'acme',
      parse: chatCompletionSchema,
    });
    expect(value.id).toBe('m1');
    expect(upstream.calls[0]?.method).toBe('GET');
    expect(upstream.calls[0]?.bodyText).toBe('');
    expect(upstream.calls[0]?.headers).not.toHaveProperty('content-type');
  });
});

describe('postForBinary', () => {
  it('should return the bytes and the media type without parameters', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    await using upstream = await createFakeUpstream({
      '/models/flux': {
        response: {
          type: 'binary',
          headers: { 'content-type': 'image/png; charset=binary' },
          body: png,
        },
      },
    });
    const { value, responseHeaders } = await postForBinary({
      url: `${upstream.url}/models/flux`,
      provider: 'huggingface',
      body: { inputs: 'a fox' },
    });
    expect(value).toEqual({ data: png, mimeType: 'image/png' });
    expect(responseHeaders['content-type']).toBe('image/png; charset=binary');
  });

  it('should fail with invalid_response when JSON comes back instead of bytes', async () => {
    await using upstream = await createFakeUpstream({
      '/models/flux': { response: { type: 'json', body: { error: 'nope' } } },
    });
    const error = await catchError(
      postForBinary({
        url: `${upstream.url}/models/flux`,
        provider: 'huggingface',
        body: {},
      }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('JSON where binary data was expected');
  });
});
