import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { DEFAULT_CONFIG } from './config-schema';
import { loadConfig, parseConfig } from './load-config';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-config-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, text: string): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, text);
  return file;
}

async function configError(load: Promise<unknown>): Promise<ConfigError> {
  const error = await load.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const VALID_YAML = `
store: { url: "sqlite:./data/switchyard.db" }
redis: { url: "redis://127.0.0.1:6379" }
auth: { required: false }
providers:
  local: {}
  flaky: { use: local, timeoutMs: 5000, faults: { rate: 1, code: server_error } }
routes:
  image:
    targets: ["flaky:procedural", "local:procedural"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 3 }
  text: { targets: ["local:echo"] }
  cheap-images: { type: image, targets: ["local:procedural"] }
`;

describe('loadConfig', () => {
  it('should return the embedded defaults when SWITCHYARD_CONFIG is not set', async () => {
    const loaded = await loadConfig({ environment: {}, cwd: directory });
    expect(loaded).toEqual({
      config: DEFAULT_CONFIG,
      file: undefined,
      directory,
      isDefault: true,
      keyedProviders: [],
      environment: {},
    });
    expect(DEFAULT_CONFIG.routes).toEqual({
      image: { targets: ['local:procedural'] },
      text: { targets: ['local:echo'] },
      speech: { targets: ['local:speech'] },
      music: { targets: ['local:music'] },
      video: { targets: ['local:video'] },
      training: { targets: ['local:style'] },
    });
  });

  it('should read the file SWITCHYARD_CONFIG names, relative to cwd', async () => {
    const file = await writeConfig('valid.yaml', VALID_YAML);
    const loaded = await loadConfig({
      environment: { SWITCHYARD_CONFIG: 'valid.yaml' },
      cwd: directory,
    });
    expect(loaded.file).toBe(file);
    expect(loaded.directory).toBe(directory);
    expect(loaded.isDefault).toBe(false);
    expect(loaded.config.providers.flaky).toEqual({
      use: 'local',
      timeoutMs: 5000,
      faults: { rate: 1, code: 'server_error' },
    });
    expect(Object.keys(loaded.config.routes)).toEqual([
      'image',
      'text',
      'cheap-images',
    ]);
  });

  it('should read JSON', async () => {
    const file = await writeConfig(
      'valid.json',
      JSON.stringify({
        providers: { local: {} },
        routes: { text: { targets: ['local:echo'] } },
      }),
    );
    const loaded = await loadConfig({ file, environment: {} });
    expect(loaded.config.routes.text?.targets).toEqual(['local:echo']);
  });

  it('should name the file when it cannot be read', async () => {
    const error = await configError(
      loadConfig({ file: join(directory, 'missing.yaml'), environment: {} }),
    );
    expect(error.message).toContain(join(directory, 'missing.yaml'));
    expect(error.message).toContain('cannot read the file');
  });

  it('should name the file and the line of a YAML syntax error', async () => {
    const file = await writeConfig(
      'broken.yaml',
      'providers:\n  local: {\nroutes: [\n',
    );
    const error = await configError(loadConfig({ file, environment: {} }));
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/YAML syntax error at line \d+, column \d+/);
  });

  it('should name the file of a JSON syntax error', async () => {
    const file = await writeConfig('broken.json', '{ "providers": ');
    const error = await configError(loadConfig({ file, environment: {} }));
    expect(error.message).toContain(file);
    expect(error.message).toContain('JSON syntax error');
  });
});

describe('parseConfig', () => {
  const file = '/etc/switchyard/config.yaml';
  const parse = (text: string, environment = {}) =>
    parseConfig({ text, file, environment });
  const issuesOf = (text: string, environment = {}) => {
    try {
      parse(text, environment);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(file);
      return (error as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  };

  it('should name an unknown instance in a target by its field path', () => {
    expect(
      issuesOf(`
providers: { local: {} }
routes:
  image: { targets: ["local:procedural", "nope:model-1"] }
`),
    ).toEqual([
      {
        path: 'routes.image.targets[1]',
        message:
          '"nope:model-1" names the unknown provider instance "nope"; configured instances: local.',
      },
    ]);
  });

  it('should name a bad field by its path', () => {
    const issues = issuesOf(`
providers: { local: {} }
routes:
  image:
    targets: ["local:procedural"]
    retry: { maxAttempts: 0 }
    colour: blue
`);
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        'routes.image.retry.maxAttempts',
        'routes.image',
      ]),
    );
    expect(
      issues.find((issue) => issue.path === 'routes.image')?.message,
    ).toContain('colour');
  });

  it('should read prices and pricing, and name a bad unit or setting by its path', () => {
    const config = parse(`
pricing: { unknown: free, markup: 1.2 }
providers:
  local:
    prices: { procedural: { perImage: 5, perRequest: 0.5 } }
routes:
  image: { targets: ["local:procedural"] }
`);
    expect(config.config.pricing).toEqual({ unknown: 'free', markup: 1.2 });
    expect(config.config.providers.local?.prices).toEqual({
      procedural: { perImage: 5, perRequest: 0.5 },
    });
    const issues = issuesOf(`
pricing: { unknown: maybe, markup: 0 }
providers:
  local:
    prices: { procedural: { perImages: 5, perRequest: -1 } }
routes:
  image: { targets: ["local:procedural"] }
`);
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        'pricing.unknown',
        'pricing.markup',
        'providers.local.prices.procedural',
        'providers.local.prices.procedural.perRequest',
      ]),
    );
  });

  it('should reject a target that is not instance:model', () => {
    expect(
      issuesOf(`
providers: { local: {} }
routes: { image: { targets: ["procedural"] } }
`),
    ).toEqual([expect.objectContaining({ path: 'routes.image.targets[0]' })]);
  });

  it('should require a type on routes not named image or text', () => {
    expect(
      issuesOf(`
providers: { local: {} }
routes: { cheap: { targets: ["local:procedural"] } }
`),
    ).toEqual([expect.objectContaining({ path: 'routes.cheap.type' })]);
  });

  it('should reject unknown top-level keys and bad store, redis and auth shapes', () => {
    const issues = issuesOf(`
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
store: { url: "mysql://x" }
redis: { url: "http://127.0.0.1" }
auth: { required: "yes" }
extra: true
`);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '',
      'auth.required',
      'redis.url',
      'store.url',
    ]);
  });

  it('should require providers and routes', () => {
    expect(
      issuesOf('store: { url: "sqlite:x.db" }').map((issue) => issue.path),
    ).toEqual(['providers', 'routes']);
  });

  it('should reject a file that is not a mapping', () => {
    expect(issuesOf('- a\n- b')).toEqual([
      expect.objectContaining({ path: '' }),
    ]);
  });

  it('should substitute ${VAR} anywhere in string values', () => {
    const loaded = parse(
      `
providers:
  local: {}
  acme: { use: "\${ACME_PACKAGE}", apiKey: "\${ACME_KEY}", baseURL: "http://\${HOST:-127.0.0.1}:\${PORT:-9}/v1" }
routes:
  text: { targets: ["local:\${TEXT_MODEL}"] }
`,
      {
        ACME_PACKAGE: '@acme/provider',
        ACME_KEY: 'sk-1',
        TEXT_MODEL: 'echo',
        PORT: '8080',
      },
    );
    expect(loaded.config.providers.acme).toEqual({
      use: '@acme/provider',
      apiKey: 'sk-1',
      baseURL: 'http://127.0.0.1:8080/v1',
    });
    expect(loaded.config.routes.text?.targets).toEqual(['local:echo']);
  });

  it('should use the default of ${VAR:-default} when the variable is empty', () => {
    const loaded = parse(
      `
providers: { local: { note: "\${NOTE:-none}" } }
routes: { text: { targets: ["local:echo"] } }
`,
      { NOTE: '' },
    );
    expect(loaded.config.providers.local).toEqual({ note: 'none' });
  });

  it('should keep $${ as a literal', () => {
    const loaded = parse(`
providers: { local: { note: "cost: $\${PRICE}" } }
routes: { text: { targets: ["local:echo"] } }
`);
    expect(loaded.config.providers.local).toEqual({ note: 'cost: ${PRICE}' });
  });

  it('should name a missing variable and the field that uses it', () => {
    expect(
      issuesOf(`
providers:
  openai: { apiKey: "\${OPENAI_API_KEY}" }
routes: { text: { targets: ["openai:gpt-4o-mini"] } }
`),
    ).toEqual([
      {
        path: 'providers.openai.apiKey',
        message: expect.stringContaining(
          'environment variable OPENAI_API_KEY is not set',
        ),
      },
    ]);
  });

  it('should reject a malformed reference', () => {
    expect(
      issuesOf(`
providers: { local: { note: "\${1BAD}" } }
routes: { text: { targets: ["local:echo"] } }
`),
    ).toEqual([expect.objectContaining({ path: 'providers.local.note' })]);
  });
});
