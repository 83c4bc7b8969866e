import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config/config-error';
import { parseConfig } from './config/load-config';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const GEMINI_TEXT = 'POST /models/gemini-2.5-flash:generateContent';

/** A server whose `providers` are `local` and the given lines, and a fake Gemini upstream. */
function serverWith(providers: (upstreamUrl: string) => string) {
  const context = {} as { upstream: FakeUpstream; harness: TestServer };
  beforeAll(async () => {
    context.upstream = await createFakeUpstream({
      [GEMINI_TEXT]: {
        response: fixtureResponse('gemini/generateContent.success.json'),
      },
    });
    context.harness = await startTestServer({
      config: configFromYaml(`
providers:
  local: {}
${providers(context.upstream.url)}
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
`),
    });
  });
  beforeEach(() => {
    context.upstream.reset();
  });
  afterAll(async () => {
    await context.harness.close();
    await context.upstream.close();
  });
  return context;
}

describe('model ids a caller forces', () => {
  const context = serverWith(
    (url) => `  gemini: { apiKey: gemini-operator-key, baseURL: "${url}" }`,
  );

  it.each([
    '../../admin/secret?x=',
    'gemini-2.5-flash/../../admin',
    '%2e%2e/admin',
    'x?key=1',
  ])(
    'should refuse the hostile id %j with invalid_request before any upstream request',
    async (model) => {
      const error = await clientError(
        context.harness.client.generate.mutate({
          type: 'text',
          prompt: 'hi',
          provider: 'gemini',
          model,
        }),
      );
      expect(error.data?.code).toBe('invalid_request');
      expect(error.message).toContain('is not a model id');
      expect(context.upstream.calls).toEqual([]);
    },
  );

  it("should refuse an id outside the provider's own form before any upstream request", async () => {
    const error = await clientError(
      context.harness.client.generate.mutate({
        type: 'text',
        prompt: 'hi',
        provider: 'gemini',
        model: 'models/gemini-2.5-flash',
      }),
    );
    expect(error.data?.code).toBe('invalid_request');
    expect(error.message).toContain('a Gemini model name');
    expect(context.upstream.calls).toEqual([]);
  });

  it('should serve a valid forced id on the path the provider expects', async () => {
    const result = await context.harness.client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
    });
    expect(result).toMatchObject({ provider: 'gemini' });
    expect(
      context.upstream.calls.map((call) => `${call.method} ${call.url}`),
    ).toEqual([GEMINI_TEXT]);
  });
});

describe("an instance's models allow-list", () => {
  const context = serverWith(
    (url) => `  limited: { use: local, models: [echo] }
  gemini-flash: { use: gemini, apiKey: gemini-operator-key, baseURL: "${url}", models: [gemini-2.5-flash] }`,
  );

  it("should refuse a forced model outside the instance's models, listing them", async () => {
    for (const [provider, model, type] of [
      ['limited', 'procedural', 'image'],
      ['gemini-flash', 'gemini-2.5-pro', 'text'],
    ] as const) {
      const error = await clientError(
        context.harness.client.generate.mutate({
          type,
          prompt: 'hi',
          provider,
          model,
        }),
      );
      expect(error.data?.code).toBe('invalid_request');
      expect(error.message).toContain(`"${model}"`);
      expect(error.message).toContain('its models are:');
    }
    expect(context.upstream.calls).toEqual([]);
  });

  it("should serve a forced model inside the instance's models", async () => {
    const result = await context.harness.client.generate.mutate({
      type: 'text',
      prompt: 'hi',
      provider: 'limited',
      model: 'echo',
    });
    expect(result).toMatchObject({ provider: 'limited', model: 'echo' });
  });

  it('should refuse the same forced models in a batch and a job', async () => {
    const batch = await context.harness.client.generateBatch.mutate({
      items: [
        {
          type: 'image',
          prompt: 'hi',
          provider: 'limited',
          model: 'procedural',
        },
        { type: 'text', prompt: 'hi', provider: 'limited', model: 'echo' },
      ],
    });
    expect(batch.items.map((item) => item.ok)).toEqual([false, true]);
    const job = await clientError(
      context.harness.client.jobs.submit.mutate({
        type: 'image',
        prompt: 'hi',
        provider: 'limited',
        model: 'procedural',
      }),
    );
    expect(job.data?.code).toBe('invalid_request');
    expect(job.message).toContain('its models are: echo');
  });
});

describe("a route target outside its instance's models", () => {
  const issuesOf = (text: string) => {
    try {
      parseConfig({ text, file: '/etc/switchyard.yaml', environment: {} });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  };

  it('should be a config error naming the target and the models', () => {
    expect(
      issuesOf(`
providers: { local: { models: [echo] } }
routes: { image: { targets: ["local:procedural"] } }
`),
    ).toEqual([
      {
        path: 'routes.image.targets[0]',
        message: expect.stringContaining(
          "names a model outside its instance's models: echo",
        ) as unknown,
      },
    ]);
  });

  it('should be a config error for a target model that is not a model id', () => {
    expect(
      issuesOf(`
providers: { gemini: { apiKey: k } }
routes: { text: { targets: ["gemini:../../admin"] } }
`),
    ).toEqual([
      expect.objectContaining({
        path: 'routes.text.targets[0]',
        message: expect.stringContaining('no valid model id') as unknown,
      }),
    ]);
  });
});
