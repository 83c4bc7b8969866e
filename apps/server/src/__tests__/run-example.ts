import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createFakeUpstream,
  type FakeCall,
  type FakeRoutes,
} from '@switchyard/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { vi } from 'vitest';
import type { AppRouter } from '../router';
import { parseConfig } from '../config/load-config';
import { startTestServer, type TestServer } from './test-server';

const EXAMPLES = fileURLToPath(
  new URL('../../../../examples/', import.meta.url),
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
    ELEVENLABS_API_KEY: 'elevenlabs-key',
    ELEVENLABS_BASE_URL: `${url}/elevenlabs`,
    REPLICATE_API_TOKEN: 'r8_token',
    REPLICATE_BASE_URL: `${url}/replicate/v1`,
  };
}

/**
 * Serves `examples/<file>` in-process, every provider pointed at one fake
 * upstream (`routes`, or routes made from its URL), and makes one keyed
 * `generate` call. Resolves with the result and the upstream's calls
 * (`METHOD url` in `calls`, whole in `requests`). Call `vi.unstubAllEnvs()`
 * after it.
 */
export async function runExample(options: {
  file: string;
  routes: FakeRoutes | ((upstreamURL: string) => FakeRoutes);
  input: Parameters<TestServer['client']['generate']['mutate']>[0];
}) {
  const upstream = await createFakeUpstream();
  Object.assign(
    upstream.routes,
    typeof options.routes === 'function'
      ? options.routes(upstream.url)
      : options.routes,
  );
  // fal's queue host is read by the provider itself, not filled by the server.
  vi.stubEnv('FAL_QUEUE_URL', `${upstream.url}/fal-queue`);
  const path = `${EXAMPLES}${options.file}`;
  const loaded = parseConfig({
    text: readFileSync(path, 'utf8'),
    file: path,
    environment: environmentFor(upstream.url),
  });
  const harness = await startTestServer({ config: loaded });
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
    const requests: FakeCall[] = [...upstream.calls];
    return {
      result,
      calls: requests.map((call) => `${call.method} ${call.url}`),
      requests,
    };
  } finally {
    await harness.close();
    await upstream.close();
  }
}

/** `[provider, outcome, code]` of each attempt. */
export const outcomes = (
  attempts: Array<{ provider: string; outcome: string; code?: string }>,
) =>
  attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.code]);
