import { inspect } from 'node:util';
import {
  errorCodeFromStatus,
  postJson,
  SwitchyardError,
  type MapError,
} from '@switchyard/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { catchError } from './__fixtures__/catch-error';
import { createFakeUpstream } from './fake-upstream';
import type { FakeResponse } from './fake-upstream-types';
import { fixtureResponse } from './fixture-response';

const anySchema = z.object({}).loose();

/** Answers one call with `response` and returns the error postJson throws. */
async function errorFor(
  response: FakeResponse,
  options: { mapError?: MapError; provider?: string } = {},
): Promise<SwitchyardError> {
  await using upstream = await createFakeUpstream({ '/call': { response } });
  // `return await`: the upstream must stay open until the call settles.
  return await catchError(
    postJson({
      url: `${upstream.url}/call`,
      provider: options.provider ?? 'acme',
      body: { prompt: 'hi' },
      parse: anySchema,
      mapError: options.mapError,
    }),
  );
}

/** Every string reachable from an error: fields, cause chain, JSON, inspect. */
function everythingIn(error: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') parts.push(value);
    if (depth > 6 || typeof value !== 'object' || value === null) return;
    if (seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      visit((value as Record<PropertyKey, unknown>)[key], depth + 1);
    }
  };
  visit(error, 0);
  parts.push(
    JSON.stringify(error),
    String(error),
    inspect(error, { depth: 8 }),
  );
  return parts.join('\n');
}

describe('postJson', () => {
  describe('error responses', () => {
    it('should map an OpenAI token rate limit to rate_limited with Retry-After', async () => {
      const error = await errorFor(
        fixtureResponse('openai/error-429.rate-limit-tokens.json'),
        { provider: 'openai' },
      );
      expect(error).toMatchObject({
        code: 'rate_limited',
        provider: 'openai',
        statusCode: 429,
        retryAfterMs: 2_000,
        isRetryable: true,
      });
      expect(error.message).toMatch(
        /^openai answered HTTP 429 Too Many Requests: Rate limit reached for gpt-4o-mini/,
      );
      expect(error.responseHeaders?.['x-request-id']).toBe(
        'req_0123456789abcdef0123456789abcdef',
      );
      expect(error.responseBody).toContain('rate_limit_exceeded');
    });

    it('should take the wait from x-ratelimit-reset-* when there is no retry-after', async () => {
      const recorded = fixtureResponse(
        'openai/error-429.rate-limit-tokens.json',
      );
      if (recorded.type !== 'error') throw new Error('unexpected fixture');
      const { 'retry-after': _dropped, ...headers } = recorded.headers ?? {};
      const error = await errorFor({ ...recorded, headers });
      // x-ratelimit-remaining-tokens is 0, so the tokens reset (1.146s) counts.
      expect(error.retryAfterMs).toBe(1_146);
      expect(error.code).toBe('rate_limited');
    });

    it("should let a provider's mapError turn a billing 429 into quota_exceeded", async () => {
      const mapError = vi.fn<MapError>(({ body }) => {
        const parsed = z
          .object({ error: z.object({ code: z.string().nullish() }) })
          .safeParse(body);
        return parsed.success && parsed.data.error.code === 'insufficient_quota'
          ? { code: 'quota_exceeded', isRetryable: false }
          : undefined;
      });
      const error = await errorFor(
        fixtureResponse('openai/error-429.insufficient-quota.json'),
        { provider: 'openai', mapError },
      );
      expect(error.code).toBe('quota_exceeded');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain('You exceeded your current quota');
      expect(mapError).toHaveBeenCalledWith({
        status: 429,
        statusText: 'Too Many Requests',
        body: expect.objectContaining({
          error: expect.objectContaining({ type: 'insufficient_quota' }),
        }),
        text: expect.stringContaining('insufficient_quota'),
        headers: expect.objectContaining({
          'content-type': 'application/json; charset=utf-8',
        }),
      });
    });

    it('should map an Anthropic 529 to a retryable overloaded error', async () => {
      const error = await errorFor(
        fixtureResponse('anthropic/error-529.overloaded.json'),
        { provider: 'anthropic' },
      );
      expect(error).toMatchObject({
        code: 'overloaded',
        statusCode: 529,
        isRetryable: true,
      });
      expect(error.message).toBe('anthropic answered HTTP 529: Overloaded');
    });

    it('should map a Hugging Face model-loading 503 to overloaded unless the provider says model_loading', async () => {
      const response = fixtureResponse(
        'huggingface/error-503.model-loading.json',
      );
      const plain = await errorFor(response, { provider: 'huggingface' });
      expect(plain.code).toBe('overloaded');
      expect(plain.message).toContain('is currently loading');

      const mapped = await errorFor(response, {
        provider: 'huggingface',
        mapError: ({ status, body }) => {
          const parsed = z
            .object({ estimated_time: z.number() })
            .safeParse(body);
          return status === 503 && parsed.success
            ? {
                code: 'model_loading',
                retryAfterMs: parsed.data.estimated_time * 1000,
              }
            : undefined;
        },
      });
      expect(mapped).toMatchObject({
        code: 'model_loading',
        retryAfterMs: 20_000,
        isRetryable: true,
      });
    });

    it('should describe an HTML error page instead of failing to parse it', async () => {
      const error = await errorFor({
        type: 'error',
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      });
      expect(error.code).toBe('server_error');
      expect(error.message).toBe(
        'acme answered HTTP 502 Bad Gateway: an HTML page titled "502 Bad Gateway" (not an API response).',
      );
      expect(error.responseBody).toContain('<center>nginx</center>');
    });

    it('should say so when an error body is empty', async () => {
      const error = await errorFor({ type: 'empty', status: 503 });
      expect(error.code).toBe('overloaded');
      expect(error.message).toBe(
        'acme answered HTTP 503 Service Unavailable: the response body was empty.',
      );
    });

    it('should quote a plain-text error body', async () => {
      const error = await errorFor(
        fixtureResponse('huggingface/error-422.deserialize.plain-text.json'),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(
        'Failed to deserialize the JSON body into the target type',
      );
    });

    it('should use the status code table for every other status', async () => {
      for (const status of [400, 401, 403, 404, 500]) {
        const error = await errorFor({ type: 'error', status, body: {} });
        expect(error.code, String(status)).toBe(errorCodeFromStatus(status));
      }
    });

    it('should honour x-should-retry: false', async () => {
      const error = await errorFor({
        type: 'error',
        status: 500,
        headers: { 'x-should-retry': 'false' },
        body: { error: { message: 'internal' } },
      });
      expect(error.code).toBe('server_error');
      expect(error.isRetryable).toBe(false);
    });

    it('should read only the start of a huge error body', async () => {
      const error = await errorFor({
        type: 'error',
        status: 500,
        body: 'x'.repeat(4 * 1024 * 1024),
      });
      expect(error.code).toBe('server_error');
      expect(error.responseBody?.length).toBeLessThan(4_096);
    });
  });

  describe('credentials', () => {
    const apiKey = 'sk-live-abcdefghijklmnop0123456789';
    const echoingUpstream: FakeResponse = {
      type: 'error',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${apiKey}.` } },
    };

    it.each<[string, FakeResponse]>([
      [
        'an error status',
        fixtureResponse('openai/error-401.invalid-api-key.json'),
      ],
      ['an upstream that echoes the key', echoingUpstream],
      [
        'a 200 that echoes the key as invalid JSON',
        { type: 'binary', body: `Bearer ${apiKey}` },
      ],
      ['a reset connection', { type: 'reset' }],
      ['a hang until timeout', { type: 'hang' }],
    ])(
      'should never put the Authorization value in the error for %s',
      async (_name, response) => {
        await using upstream = await createFakeUpstream({
          '/call': { response },
        });
        const error = await catchError(
          postJson({
            url: `${upstream.url}/call`,
            provider: 'openai',
            headers: { Authorization: `Bearer ${apiKey}` },
            body: {},
            parse: anySchema,
            timeoutMs: 100,
          }),
        );
        expect(upstream.calls[0]?.headers.authorization).toBe(
          `Bearer ${apiKey}`,
        );
        expect(everythingIn(error)).not.toContain(apiKey);
      },
    );
  });

  describe('transport failures', () => {
    it('should map a reset connection to a retryable network error', async () => {
      const error = await errorFor({ type: 'reset' });
      expect(error).toMatchObject({ code: 'network', isRetryable: true });
      expect(error.message).toContain('acme');
    });

    it('should map a refused connection to network', async () => {
      const upstream = await createFakeUpstream({});
      const url = `${upstream.url}/call`;
      await upstream.close();
      const error = await catchError(
        postJson({ url, provider: 'acme', body: {}, parse: anySchema }),
      );
      expect(error.code).toBe('network');
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('should time out a hanging upstream and close the request', async () => {
      await using upstream = await createFakeUpstream({
        '/call': { response: { type: 'hang' } },
      });
      const error = await catchError(
        postJson({
          url: `${upstream.url}/call`,
          provider: 'acme',
          body: {},
          parse: anySchema,
          timeoutMs: 50,
        }),
      );
      expect(error).toMatchObject({ code: 'timeout', isRetryable: true });
      expect(error.message).toContain('within 50 ms');
      await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
    });

    it("should abort the upstream request on the caller's abort", async () => {
      await using upstream = await createFakeUpstream({
        '/call': { response: { type: 'hang' } },
      });
      const controller = new AbortController();
      const pending = catchError(
        postJson({
          url: `${upstream.url}/call`,
          provider: 'acme',
          body: {},
          parse: anySchema,
          signal: controller.signal,
        }),
      );
      await expect.poll(() => upstream.calls.length).toBe(1);
      controller.abort();
      const error = await pending;
      expect(error).toMatchObject({ code: 'cancelled', provider: 'acme' });
      await expect(upstream.calls[0]?.ended).resolves.toBe('closed-early');
    });

    it("should throw the signal's SwitchyardError reason (the engine's timeout)", async () => {
      await using upstream = await createFakeUpstream({
        '/call': { response: { type: 'hang' } },
      });
      const controller = new AbortController();
      const pending = catchError(
        postJson({
          url: `${upstream.url}/call`,
          provider: 'acme',
          body: {},
          parse: anySchema,
          signal: controller.signal,
        }),
      );
      await expect.poll(() => upstream.calls.length).toBe(1);
      const reason = new SwitchyardError({ code: 'timeout', message: 'route' });
      controller.abort(reason);
      expect(await pending).toBe(reason);
    });

    it('should not send anything when the signal is already aborted', async () => {
      await using upstream = await createFakeUpstream({
        '/call': { response: { type: 'json', body: {} } },
      });
      const error = await catchError(
        postJson({
          url: `${upstream.url}/call`,
          provider: 'acme',
          body: {},
          parse: anySchema,
          signal: AbortSignal.abort(),
        }),
      );
      expect(error.code).toBe('cancelled');
      expect(upstream.calls).toHaveLength(0);
    });

    it("should map failures of the caller's fetch the same way", async () => {
      await using upstream = await createFakeUpstream({
        '/call': { response: { type: 'reset' } },
      });
      const error = await catchError(
        postJson({
          url: `${upstream.url}/call`,
          provider: 'acme',
          body: {},
          parse: anySchema,
          fetch: globalThis.fetch,
        }),
      );
      expect(error.code).toBe('network');
    });

    it('should reject a URL that is not absolute with a hint at baseURL', async () => {
      const error = await catchError(
        postJson({
          url: '/v1/chat',
          provider: 'acme',
          body: {},
          parse: anySchema,
        }),
      );
      expect(error.message).toContain('baseURL');
    });
  });
});
