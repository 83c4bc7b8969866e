import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error';
import {
  applyRoutingOptions,
  createRoute,
  parseTarget,
  ROUTE_DEFAULTS,
  routeSettingsSchema,
} from './route';

const route = createRoute({
  name: 'image',
  settings: {
    targets: [
      'hf:black-forest-labs/FLUX.1-schnell',
      'puter:flux-schnell',
      'local:procedural',
    ],
    retry: { maxAttempts: 3 },
  },
});

describe('createRoute', () => {
  it('should parse targets and fill defaults', () => {
    expect(route.kind).toBe('image');
    expect(route.targets[0]).toEqual({
      instance: 'hf',
      model: 'black-forest-labs/FLUX.1-schnell',
    });
    expect(route.retry).toEqual({ ...ROUTE_DEFAULTS.retry, maxAttempts: 3 });
    expect(route.breaker).toEqual(ROUTE_DEFAULTS.breaker);
  });

  it('should ask for a type when the route name is not a kind', () => {
    expect(() =>
      createRoute({
        name: 'cheap',
        settings: { targets: ['local:procedural'] },
      }),
    ).toThrow(/needs a type/);
  });
});

describe('parseTarget', () => {
  it('should split at the first colon so model ids may hold colons', () => {
    expect(parseTarget('ollama:llama3.1:8b')).toEqual({
      instance: 'ollama',
      model: 'llama3.1:8b',
    });
  });

  it('should reject a target without a model', () => {
    expect(() => parseTarget('openai')).toThrow(SwitchyardError);
  });
});

describe('routeSettingsSchema', () => {
  it('should name the bad field', () => {
    const parsed = routeSettingsSchema.safeParse({
      targets: ['openai'],
      retry: { maxAttempts: 0 },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'targets.0',
      'retry.maxAttempts',
    ]);
  });

  it('should reject unknown keys instead of ignoring a typo', () => {
    expect(
      routeSettingsSchema.safeParse({ targets: ['local:echo'], retries: {} })
        .success,
    ).toBe(false);
  });
});

describe('applyRoutingOptions', () => {
  it('should reorder and restrict by providers', () => {
    const applied = applyRoutingOptions(route, { providers: ['local', 'hf'] });
    expect(applied.targets.map((target) => target.instance)).toEqual([
      'local',
      'hf',
    ]);
  });

  it('should keep only a forced provider', () => {
    expect(applyRoutingOptions(route, { provider: 'puter' }).targets).toEqual([
      { instance: 'puter', model: 'flux-schnell' },
    ]);
  });

  it('should keep only the first target without fallback', () => {
    expect(
      applyRoutingOptions(route, { fallback: false }).targets,
    ).toHaveLength(1);
  });

  it('should fail with not_found, listing the route providers, when nothing is left', () => {
    try {
      applyRoutingOptions(route, { provider: 'openai' });
      expect.unreachable();
    } catch (error) {
      expect(SwitchyardError.isInstance(error) && error.code).toBe('not_found');
      expect((error as Error).message).toContain('hf, puter, local');
    }
  });
});
