import { describe, expect, it } from 'vitest';
import { configFromYaml } from '../__tests__/test-server';
import { ConfigError } from './config-error';

const PAGE = 'http://127.0.0.1:5173';
const ROUTES = `
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`;

describe('cors in the config', () => {
  function configProblem(cors: string): string {
    try {
      configFromYaml(`cors: ${cors}\n${ROUTES}`);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error(`expected the config to be refused: cors: ${cors}`);
  }

  it.each([
    ['https://app.example.com/', 'trailing "/"'],
    ['https://app.example.com/app', 'has a path'],
    ['app.example.com', 'is not an origin'],
    ['ftp://files.example.com', 'must be http or https'],
    ['https://*.com', 'name a domain after "*."'],
    ['https://app.*.example.com', 'only stand for the subdomains'],
    ['https://exa mple.com', 'is not a host name'],
  ])('should refuse the origin %s, naming the field', (origin, problem) => {
    const message = configProblem(`{ origins: ["${PAGE}", "${origin}"] }`);
    expect(message).toContain(`cors.origins[1]: "${origin}"`);
    expect(message).toContain(problem);
  });

  it('should refuse credentials with the origin "*"', () => {
    const message = configProblem(`{ origins: ["*"], credentials: true }`);
    expect(message).toContain(
      'cors.credentials: credentials: true cannot go with origins "*"',
    );
  });

  it('should refuse "*" beside other origins', () => {
    const message = configProblem(`{ origins: ["*", "${PAGE}"] }`);
    expect(message).toContain('cors.origins: "*" already allows every origin');
  });

  it('should accept "*" alone, without credentials', () => {
    const loaded = configFromYaml(`cors: { origins: ["*"] }\n${ROUTES}`);
    expect(loaded.config.cors).toEqual({ origins: ['*'] });
  });
});
