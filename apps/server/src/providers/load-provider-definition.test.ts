import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromYaml, FIXTURES_DIRECTORY } from '../__tests__/test-server';
import { ConfigError } from '../config/config-error';
import { createProviderInstances } from './create-provider-instances';
import {
  loadProviderDefinition,
  resolveProviderSource,
} from './load-provider-definition';

describe('resolveProviderSource', () => {
  const directory = '/srv/switchyard';

  it('should read a bare name as a built-in provider package', () => {
    expect(resolveProviderSource({ use: 'openai', directory })).toEqual({
      kind: 'package',
      name: '@switchyard/providers-openai',
    });
  });

  it('should read a scoped or slashed name as a package name', () => {
    expect(
      resolveProviderSource({ use: '@acme/switchyard-provider', directory }),
    ).toEqual({ kind: 'package', name: '@acme/switchyard-provider' });
    expect(resolveProviderSource({ use: 'acme/provider', directory })).toEqual({
      kind: 'package',
      name: 'acme/provider',
    });
  });

  it('should resolve paths against the config folder', () => {
    expect(
      resolveProviderSource({ use: './providers/acme.js', directory }),
    ).toEqual({ kind: 'file', path: '/srv/switchyard/providers/acme.js' });
    expect(resolveProviderSource({ use: '../acme', directory })).toEqual({
      kind: 'file',
      path: '/srv/acme',
    });
    expect(resolveProviderSource({ use: '/opt/acme.js', directory })).toEqual({
      kind: 'file',
      path: '/opt/acme.js',
    });
    expect(
      resolveProviderSource({ use: 'file:///opt/acme.js', directory }),
    ).toEqual({ kind: 'file', path: '/opt/acme.js' });
  });
});

describe('loadProviderDefinition', () => {
  it('should load a package folder outside the workspace packages', async () => {
    const definition = await loadProviderDefinition({
      source: {
        kind: 'file',
        path: join(FIXTURES_DIRECTORY, 'outside-provider'),
      },
      directory: FIXTURES_DIRECTORY,
    });
    expect(definition.name).toBe('@acme/switchyard-provider-outside');
  });

  it('should refuse a module without a switchyardProvider export', async () => {
    await expect(
      loadProviderDefinition({
        source: {
          kind: 'file',
          path: join(FIXTURES_DIRECTORY, 'outside-provider', 'package.json'),
        },
        directory: FIXTURES_DIRECTORY,
      }),
    ).rejects.toThrow(/does not export "switchyardProvider"/);
  });
});

describe('createProviderInstances', () => {
  async function configError(yaml: string): Promise<ConfigError> {
    const loaded = configFromYaml(yaml);
    const error = await createProviderInstances(loaded).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(loaded.file);
    return error as ConfigError;
  }

  it('should create an instance from a relative use: path', async () => {
    const instances = await createProviderInstances(
      configFromYaml(`
providers:
  outside: { use: ./outside-provider, prefix: "> " }
routes: { text: { targets: ["outside:shout"] } }
`),
    );
    const instance = instances.get('outside');
    expect(instance?.definition.name).toBe('@acme/switchyard-provider-outside');
    expect(instance?.provider.name).toBe('outside');
    expect(instance?.hasCredentials).toBe(false);
  });

  it("should fill apiKey from the provider's conventional variable unless the config sets it", async () => {
    const instances = await createProviderInstances(
      configFromYaml(
        `
providers:
  outside: { use: ./outside-provider }
  keyed: { use: ./outside-provider, apiKey: "from-config" }
routes: { text: { targets: ["outside:shout"] } }
`,
        { environment: { ACME_OUTSIDE_API_KEY: 'from-environment' } },
      ),
    );
    expect(instances.get('outside')).toMatchObject({
      hasCredentials: true,
      secrets: ['from-environment'],
    });
    expect(instances.get('keyed')?.secrets).toEqual(['from-config']);
  });

  it('should name the instance and the package tried when use: cannot be loaded', async () => {
    const error = await configError(`
providers:
  ghost: {}
  acme: { use: "@acme/not-installed" }
routes: { text: { targets: ["ghost:x"] } }
`);
    expect(error.issues).toEqual([
      {
        path: 'providers.ghost.use',
        message: expect.stringContaining(
          'cannot load provider "ghost" for instance "ghost" (tried package "@switchyard/providers-ghost")',
        ),
      },
    ]);
  });

  it('should name a scoped package that cannot be loaded', async () => {
    const error = await configError(`
providers:
  acme: { use: "@acme/not-installed" }
routes: { text: { targets: ["acme:x"] } }
`);
    expect(error.issues[0]?.message).toContain(
      'tried package "@acme/not-installed"',
    );
  });

  it("should validate settings with the provider's schema, naming the field", async () => {
    const error = await configError(`
providers:
  outside: { use: ./outside-provider, prefix: 42, colour: blue }
routes: { text: { targets: ["outside:shout"] } }
`);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'providers.outside',
      'providers.outside.prefix',
    ]);
  });
});
