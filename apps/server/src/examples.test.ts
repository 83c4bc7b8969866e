import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeRoutes,
} from '@switchyard/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppRouter } from './router';
import { parseConfig } from './config/load-config';
import { startTestServer, type TestServer } from './__tests__/test-server';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC',
  'base64',
);

/** Every provider's conventional variables, pointed at one fake upstream under a prefix each. */
function environmentFor(url: string): Record<string, string> {
  return {
    OPENAI_API_KEY: 'sk-openai',
    OPENAI_BASE_URL: `${url}/openai/v1`,
    ANTHROPIC_API_KEY: 'sk-anthropic',
    ANTHROPIC_BASE_URL: `${url}/anthropic/v1`,
    GEMINI_API_KEY: 'gemini-key',
    GEMINI_BASE_URL: `${url}/gemini`,
    MISTRAL_API_KEY: 'mistral-key',
    MISTRAL_BASE_URL: `${url}/mistral/v1`,
    DEEPSEEK_API_KEY: 'deepseek-key',
    DEEPSEEK_BASE_URL: `${url}/deepseek`,
    HF_TOKEN: 'hf_token',
    HUGGINGFACE_BASE_URL: `${url}/hf`,
    PUTER_AUTH_TOKEN: 'puter-token',
    PUTER_BASE_URL: `${url}/puter`,
    FAL_KEY: 'fal-key',
    FAL_BASE_URL: `${url}/fal-run`,
    LEONARDO_API_KEY: 'leonardo-key',
    LEONARDO_BASE_URL: `${url}/leonardo`,
  };
}

async function runExample(options: {
  file: string;
  routes: FakeRoutes;
  input: Parameters<TestServer['client']['generate']['mutate']>[0];
}) {
  const upstream = await createFakeUpstream(options.routes);
  // fal's queue host is read by the provider itself, not filled by the server.
  vi.stubEnv('FAL_QUEUE_URL', `${upstream.url}/fal-queue`);
  const path = `${EXAMPLES}${options.file}`;
  const harness = await startTestServer({
    config: parseConfig({
      text: readFileSync(path, 'utf8'),
      file: path,
      environment: environmentFor(upstream.url),
    }),
  });
  try {
    // The examples leave auth on, as a real deployment would: call with a key.
    const { key } = await harness.store.apiKeys.create({
      name: 'examples',
      credits: 10_000_000,
    });
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${harness.server.url}/trpc`,
          headers: { authorization: `Bearer ${key}` },
        }),
      ],
    });
    const result = await client.generate.mutate(options.input);
    return {
      result,
      calls: upstream.calls.map((call) => `${call.method} ${call.url}`),
    };
  } finally {
    await harness.close();
    await upstream.close();
  }
}

const outcomes = (
  attempts: Array<{ provider: string; outcome: string; code?: string }>,
) =>
  attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.code]);

describe('the example configs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('image-huggingface-puter: a loading FLUX on Hugging Face falls back to the same model on Puter', async () => {
    const { result } = await runExample({
      file: 'image-huggingface-puter.yaml',
      input: { type: 'image', prompt: 'a lighthouse at dusk' },
      routes: {
        'POST /hf/hf-inference/models/black-forest-labs/FLUX.1-schnell': {
          response: fixtureResponse('huggingface/error-503.model-loading.json'),
        },
        'POST /puter/drivers/call': {
          response: {
            ...fixtureResponse(
              'puter/drivers-call.txt2img.response.headers.json',
            ),
            type: 'binary',
            body: PNG,
          },
        },
      },
    });
    expect(result).toMatchObject({
      type: 'image',
      provider: 'puter',
      model: 'flux-schnell',
      fallbackUsed: true,
    });
    expect(outcomes(result.attempts)).toEqual([
      ['huggingface', 'error', 'model_loading'],
      ['puter', 'success', undefined],
    ]);
  });

  it('image-fal-leonardo: a refused fal key falls back to Leonardo', async () => {
    const { result, calls } = await runExample({
      file: 'image-fal-leonardo.yaml',
      input: { type: 'image', prompt: 'A lighthouse on a cliff at dusk' },
      routes: {
        'POST /fal-queue/fal-ai/flux/schnell': {
          response: fixtureResponse('fal/error-401.unauthorized.json'),
        },
        'POST /leonardo/generations': {
          response: fixtureResponse('leonardo/generations.create.json'),
        },
        'GET /leonardo/generations/3b4c3b4e-5f4a-4c6e-9d2e-0a1b2c3d4e5f': {
          response: fixtureResponse('leonardo/generations.get.complete.json'),
        },
      },
    });
    expect(result).toMatchObject({ provider: 'leonardo', fallbackUsed: true });
    expect(outcomes(result.attempts)).toEqual([
      ['fal', 'error', 'auth'],
      ['leonardo', 'success', undefined],
    ]);
    expect(calls[0]).toBe('POST /fal-queue/fal-ai/flux/schnell');
  });

  it('text-openai-anthropic-gemini: out of quota, then overloaded twice, then Gemini answers', async () => {
    const { result } = await runExample({
      file: 'text-openai-anthropic-gemini.yaml',
      input: { type: 'text', prompt: 'Hello' },
      routes: {
        'POST /openai/v1/chat/completions': {
          response: fixtureResponse('openai/error-429.insufficient-quota.json'),
        },
        'POST /anthropic/v1/messages': {
          response: fixtureResponse('anthropic/error-529.overloaded.json'),
        },
        'POST /gemini/models/gemini-2.5-flash:generateContent': {
          response: fixtureResponse('gemini/generateContent.success.body.json'),
        },
      },
    });
    expect(result).toMatchObject({
      type: 'text',
      provider: 'gemini',
      fallbackUsed: true,
    });
    expect(outcomes(result.attempts)).toEqual([
      ['openai', 'error', 'quota_exceeded'],
      ['anthropic', 'error', 'overloaded'],
      ['anthropic', 'error', 'overloaded'],
      ['gemini', 'success', undefined],
    ]);
  });

  it('text-openai-gemini-mistral-deepseek: three refused keys, then DeepSeek answers', async () => {
    const { result } = await runExample({
      file: 'text-openai-gemini-mistral-deepseek.yaml',
      input: { type: 'text', prompt: 'Invent a holiday' },
      routes: {
        'POST /openai/v1/chat/completions': {
          response: fixtureResponse('openai/error-401.invalid-api-key.json'),
        },
        'POST /gemini/models/gemini-2.5-flash:generateContent': {
          response: fixtureResponse('gemini/error-400.api-key-invalid.json'),
        },
        'POST /mistral/v1/chat/completions': {
          response: fixtureResponse('mistral/error-401.no-api-key.json'),
        },
        'POST /deepseek/chat/completions': {
          response: fixtureResponse(
            'deepseek/chat-completions.success.body.json',
          ),
        },
      },
    });
    expect(result).toMatchObject({
      provider: 'deepseek',
      model: 'deepseek-chat',
      fallbackUsed: true,
    });
    if (result.type === 'text') expect(result.text).toContain('Gratitude');
    expect(outcomes(result.attempts)).toEqual([
      ['openai', 'error', 'auth'],
      ['gemini', 'error', 'auth'],
      ['mistral', 'error', 'auth'],
      ['deepseek', 'success', undefined],
    ]);
  });
});
