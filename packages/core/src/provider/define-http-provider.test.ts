import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { SwitchyardError } from '../errors/switchyard-error';
import type { HttpModelContext } from './build-http-provider';
import type {
  ImageCapabilities,
  ImageModel,
  Model,
  TextCapabilities,
  TextModel,
} from './contract';
import { defineHttpProvider } from './define-http-provider';
import { isProviderDefinition } from './definition';
import {
  httpProviderSettingsSchema,
  type ModelHttpConfig,
} from './provider-settings';

const TEXT: TextCapabilities = { streaming: true, seed: false };
const LONG_TEXT: TextCapabilities = { ...TEXT, contextWindow: 1_000_000 };
const IMAGE: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: ['1024x1024'],
  seed: false,
  negativePrompt: false,
};

/** A model that keeps what its factory was given, so a test can read it. */
type Recorded<TModel, TCapabilities> = TModel & {
  context: HttpModelContext<AcmeConfig, unknown, TCapabilities>;
};
interface AcmeConfig extends ModelHttpConfig {
  region: string;
}

/** A model factory that records its context on the model, for any kind. */
function recorder<TModel extends Model, TCapabilities>(kind: TModel['kind']) {
  return (
    modelId: string,
    context: HttpModelContext<AcmeConfig, unknown, TCapabilities>,
  ) =>
    ({
      kind,
      provider: context.config.provider,
      modelId,
      capabilities: context.capabilities,
      cost: context.cost,
      generate: () => Promise.reject(new Error('not called')),
      context,
    }) as unknown as Recorded<TModel, TCapabilities>;
}
const textModel = recorder<TextModel, TextCapabilities>('text');
const imageModel = recorder<ImageModel, ImageCapabilities>('image');

const acme = defineHttpProvider({
  name: 'acme',
  description: 'Acme text and images.',
  version: '1.2.3',
  features: ['text', 'image'],
  costPerUnit: { perImage: 20_000 },
  environmentVariables: { apiKey: 'ACME_API_KEY', baseURL: 'ACME_BASE_URL' },
  defaultBaseURL: 'https://api.acme.example/v1/',
  toHeaders: (apiKey, settings) => ({
    'x-acme-key': apiKey,
    'x-acme-team': settings.team,
  }),
  settingsSchema: httpProviderSettingsSchema.extend({
    team: z.string().optional(),
  }),
  modelConfig: (config, settings) => ({
    ...config,
    region: settings.team === undefined ? 'any' : 'eu',
  }),
  probe: {
    path: '/account?fields=id',
    mapError: ({ body }) =>
      (body as { kind?: string } | undefined)?.kind === 'suspended'
        ? { code: 'quota_exceeded', message: 'account suspended' }
        : undefined,
  },
  image: {
    capabilities: IMAGE,
    models: { 'acme-paint': { cost: { perImage: 20_000 } } },
    listedId: (modelId) => modelId.split(':')[0] ?? modelId,
    create: imageModel,
  },
  text: {
    capabilities: TEXT,
    models: {
      'acme-chat': { cost: { perInputToken: 1, perOutputToken: 2 } },
      'acme-long': {
        cost: { perInputToken: 3, perOutputToken: 4 },
        capabilities: LONG_TEXT,
        description: 'Reads whole books.',
      },
    },
    create: textModel,
  },
});

const textOnly = defineHttpProvider({
  name: 'scribe',
  description: 'Text only.',
  version: '0.1.0',
  features: ['text'],
  costPerUnit: {},
  environmentVariables: {
    apiKey: 'SCRIBE_API_KEY',
    baseURL: 'SCRIBE_BASE_URL',
  },
  defaultBaseURL: 'https://scribe.example',
  text: { capabilities: TEXT, models: {}, create: textModel },
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('defineHttpProvider: config', () => {
  it("should give each model the instance's config: name, base URL, lazy auth headers, fetch, User-Agent and the spec's additions", () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const provider = acme.createProvider({
      name: 'acme-eu',
      apiKey: 'key-1',
      headers: { 'x-trace': 't' },
      team: 'blue',
      fetch,
    });
    const { config } = provider.textModel('acme-chat').context;
    expect(provider.name).toBe('acme');
    expect(config).toMatchObject({
      provider: 'acme-eu',
      baseURL: 'https://api.acme.example/v1',
      fetch,
      userAgent: 'switchyard/providers-acme/1.2.3',
      region: 'eu',
    });
    expect(config.headers()).toEqual({
      'x-acme-key': 'key-1',
      'x-acme-team': 'blue',
      'x-trace': 't',
    });
  });

  it('should read the key and base URL from the variables, and fail a call (not the factory) without a key', () => {
    vi.stubEnv('ACME_API_KEY', '');
    vi.stubEnv('ACME_BASE_URL', 'https://proxy.example/acme/');
    const { config } = acme.createProvider().imageModel('acme-paint').context;
    expect(config.provider).toBe('acme');
    expect(config.baseURL).toBe('https://proxy.example/acme');
    expect(config.region).toBe('any');
    expect(() => config.headers()).toThrow(/ACME_API_KEY/);
    vi.stubEnv('ACME_API_KEY', 'from-env');
    expect(config.headers()['x-acme-key']).toBe('from-env');
  });

  it('should send the key as a bearer token when the spec says nothing else', () => {
    const { config } = textOnly
      .createProvider({ apiKey: 'k' })
      .textModel('any').context;
    expect(config.headers()).toEqual({ authorization: 'Bearer k' });
    expect(config.baseURL).toBe('https://scribe.example');
  });
});

describe('defineHttpProvider: models', () => {
  it("should give a listed id its price and capabilities, an unlisted one the kind's capabilities and no price", () => {
    const provider = acme.createProvider({ apiKey: 'k' });
    expect(provider.textModel('acme-chat')).toMatchObject({
      capabilities: TEXT,
      cost: { perInputToken: 1, perOutputToken: 2 },
    });
    expect(provider.textModel('acme-long').capabilities).toBe(LONG_TEXT);
    const unlisted = provider.textModel('acme-next');
    expect(unlisted.capabilities).toBe(TEXT);
    expect(unlisted.cost).toBeUndefined();
    expect(provider.textModel('constructor').cost).toBeUndefined();
    expect(provider.imageModel('acme-paint:v2').cost).toEqual({
      perImage: 20_000,
    });
  });

  it('should throw unsupported for a kind the spec leaves out', () => {
    const provider = textOnly.createProvider({ name: 'scribe-1' });
    let error: unknown;
    try {
      provider.imageModel('sketch');
    } catch (caught) {
      error = caught;
    }
    expect(SwitchyardError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unsupported', provider: 'scribe-1' });
  });

  it('should list the models kind by kind in the order the spec names them, as copies', () => {
    const provider = acme.createProvider();
    const listed = provider.listModels();
    expect(listed).toEqual([
      {
        id: 'acme-paint',
        kind: 'image',
        capabilities: IMAGE,
        cost: { perImage: 20_000 },
      },
      {
        id: 'acme-chat',
        kind: 'text',
        capabilities: TEXT,
        cost: { perInputToken: 1, perOutputToken: 2 },
      },
      {
        id: 'acme-long',
        kind: 'text',
        capabilities: LONG_TEXT,
        cost: { perInputToken: 3, perOutputToken: 4 },
        description: 'Reads whole books.',
      },
    ]);
    for (const model of listed) model.id = 'changed';
    expect(provider.listModels()[0]?.id).toBe('acme-paint');
  });
});

describe('defineHttpProvider: switchyardProvider', () => {
  it("should carry the spec's fields, its listed models and the settings schema", () => {
    const definition = acme.switchyardProvider;
    expect(isProviderDefinition(definition)).toBe(true);
    expect(definition).toMatchObject({
      name: 'acme',
      description: 'Acme text and images.',
      features: ['text', 'image'],
      costPerUnit: { perImage: 20_000 },
      isAsync: false,
      environmentVariables: {
        apiKey: 'ACME_API_KEY',
        baseURL: 'ACME_BASE_URL',
      },
    });
    expect(definition.models).toEqual(acme.createProvider().listModels());
    expect(definition.settingsSchema.parse({ team: 'red' })).toEqual({
      team: 'red',
    });
    expect(() => definition.settingsSchema.parse({ colour: 'red' })).toThrow();
    expect(textOnly.switchyardProvider.settingsSchema).toBe(
      httpProviderSettingsSchema,
    );
  });

  it("should create an instance named after the config's entry, with the host's fetch", () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const provider = acme.switchyardProvider.create(
      { apiKey: 'k', team: 'blue' },
      { instanceName: 'acme-backup', fetch },
    );
    const model = provider.textModel('acme-chat') as Recorded<
      TextModel,
      TextCapabilities
    >;
    expect(model.provider).toBe('acme-backup');
    expect(model.context.config.fetch).toBe(fetch);
    expect(model.context.settings).toMatchObject({ team: 'blue' });
  });
});

describe('defineHttpProvider: probe', () => {
  const answer = (status: number, body: unknown) =>
    vi.fn<typeof globalThis.fetch>(() =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );

  it("should send the declared request to the instance's base URL with its auth headers", async () => {
    const fetch = answer(200, { id: 'acct-1' });
    const provider = acme.createProvider({
      apiKey: 'key-1',
      baseURL: 'http://127.0.0.1:9/acme',
      fetch,
    });
    await expect(
      provider.probe?.({ signal: new AbortController().signal }),
    ).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://127.0.0.1:9/acme/account?fields=id');
    expect(init?.method).toBe('GET');
    expect(new Headers(init?.headers).get('x-acme-key')).toBe('key-1');
  });

  it("should fail with the provider's error for an error answer, and auth without a key", async () => {
    vi.stubEnv('ACME_API_KEY', '');
    const signal = new AbortController().signal;
    const suspended = acme.createProvider({
      apiKey: 'key-1',
      fetch: answer(403, { kind: 'suspended' }),
    });
    await expect(suspended.probe?.({ signal })).rejects.toMatchObject({
      code: 'quota_exceeded',
      provider: 'acme',
      statusCode: 403,
    });
    const broken = acme.createProvider({
      name: 'acme-2',
      apiKey: 'key-1',
      fetch: answer(500, { error: 'boom' }),
    });
    await expect(broken.probe?.({ signal })).rejects.toMatchObject({
      code: 'server_error',
      provider: 'acme-2',
    });
    const fetch = answer(200, {});
    const keyless = acme.createProvider({ fetch });
    await expect(keyless.probe?.({ signal })).rejects.toMatchObject({
      code: 'auth',
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('should give a provider that declares no probe none', () => {
    expect(textOnly.createProvider({ apiKey: 'k' }).probe).toBeUndefined();
  });
});
