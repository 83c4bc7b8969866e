import { createFakeUpstream, fixtureResponse } from '@switchyard/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../__tests__/test-server';
import type { AppRouter } from '../router';
import { createServer } from '../server';
import { createSqlStore } from '@switchyard/store-sql';
import { DEFAULT_CONFIG } from './config-schema';
import { embeddedDefaultConfig } from './embedded-default';

describe('embeddedDefaultConfig', () => {
  it('should serve only the offline local providers when no key variable is set', async () => {
    const embedded = await embeddedDefaultConfig({
      environment: {},
      directory: process.cwd(),
    });
    expect(embedded).toEqual({
      config: DEFAULT_CONFIG,
      keyed: [],
      keyVariables: {},
    });
  });

  it('should route through every provider with a key, in the built-in order, before local', async () => {
    const embedded = await embeddedDefaultConfig({
      environment: {
        FAL_KEY: 'k',
        OPENAI_API_KEY: 'sk',
        ANTHROPIC_API_KEY: ' ',
      },
      directory: process.cwd(),
    });
    expect(embedded.keyed).toEqual(['openai', 'fal']);
    expect(embedded.config.providers).toEqual({
      openai: {},
      fal: {},
      local: {},
    });
    const { routes } = embedded.config;
    expect(routes.image).toEqual({
      targets: [
        'openai:gpt-image-1',
        'fal:fal-ai/flux/schnell',
        'local:procedural',
      ],
    });
    expect(routes.text).toEqual({
      targets: ['openai:gpt-4o-mini', 'local:echo'],
    });
    // Speech, music and video: each keyed provider's first model of the kind, then local's.
    expect(routes.speech?.targets.at(-1)).toBe('local:speech');
    expect(routes.music?.targets.at(-1)).toBe('local:music');
    expect(routes.video?.targets.at(-1)).toBe('local:video');
    // Training: only the offline trainer (real trainers need account settings).
    expect(routes.training).toEqual({ targets: ['local:style'] });
    expect(Object.keys(routes)).toEqual([
      'image',
      'text',
      'speech',
      'music',
      'video',
      'training',
    ]);
  });
});

describe('a server started with only OPENAI_API_KEY and OPENAI_BASE_URL', () => {
  it('should answer text from OpenAI, fall back to local, and say what it serves', async () => {
    await using upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        response: [
          fixtureResponse('openai/chat-completions.success.json'),
          fixtureResponse('openai/error-401.invalid-api-key.json'),
        ],
      },
    });
    const { logger, lines } = createCapturingLogger('info');
    await using store = await openMemoryStore();
    const server = await createServer({
      store,
      environment: {
        OPENAI_API_KEY: 'sk-env',
        OPENAI_BASE_URL: `${upstream.url}/v1`,
      },
      logger,
      port: 0,
      hostname: '127.0.0.1',
    });
    try {
      const client = createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${server.url}/trpc` })],
      });
      const served = await client.generate.mutate({
        type: 'text',
        prompt: 'hi',
      });
      expect(served).toMatchObject({
        provider: 'openai',
        model: 'gpt-4o-mini',
        fallbackUsed: false,
      });
      const fallback = await client.generate.mutate({
        type: 'text',
        prompt: 'hi',
      });
      expect(fallback).toMatchObject({
        provider: 'local',
        model: 'echo',
        fallbackUsed: true,
      });
      expect(upstream.calls[0]?.headers.authorization).toBe('Bearer sk-env');
      expect(lines.join('')).toContain(
        'serving openai (found their key variables)',
      );
      expect(lines.join('')).not.toContain('sk-env');
    } finally {
      await server.close({ graceMs: 1_000 });
    }
  });
});

/** An in-memory store that closes itself at the end of the test's scope. */
async function openMemoryStore() {
  const store = await createSqlStore({ url: 'sqlite::memory:' });
  return Object.assign(store, { [Symbol.asyncDispose]: () => store.close() });
}
