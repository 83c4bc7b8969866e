import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { parseConfig } from '../config/load-config';

const parse = (compat: string) =>
  parseConfig({
    text: `
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
${compat}
`,
    file: 'switchyard.yaml',
    environment: {},
  });

describe('compat.models in the config', () => {
  it('should take names mapped to a route or a target on a configured instance', () => {
    const { config } = parse(
      'compat: { models: { gpt-4o-mini: "route:text", house: "local:echo" } }',
    );
    expect(config.compat?.models).toEqual({
      'gpt-4o-mini': 'route:text',
      house: 'local:echo',
    });
  });

  it('should refuse a name mapped to an unknown route or instance, naming the field', () => {
    let thrown: unknown;
    try {
      parse(
        'compat: { models: { a: "route:nope", b: "elsewhere:echo", c: "x" } }',
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const issues = (thrown as ConfigError).issues.map((issue) => issue.path);
    expect(issues).toEqual([
      'compat.models.c',
      'compat.models.a',
      'compat.models.b',
    ]);
  });
});
