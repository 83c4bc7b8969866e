import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  createCapturingLogger,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

const SECRET = 'sk-secret-123';

describe('credentials in the config', () => {
  let harness: TestServer;
  const { logger, lines } = createCapturingLogger('trace');

  beforeAll(async () => {
    harness = await startTestServer({
      logger,
      config: configFromYaml(
        `
providers:
  outside: { use: ./outside-provider, apiKey: "\${ACME_KEY}" }
routes:
  text: { targets: ["outside:shout"] }
  leaky: { type: text, targets: ["outside:leaky"], retry: { maxAttempts: 1 } }
`,
        { environment: { ACME_KEY: SECRET } },
      ),
    });
  });

  afterAll(() => harness.close());

  it('should never appear in a response, error data or a log line', async () => {
    const listing = await harness.client.providers.list.query();
    expect(listing[0]?.configured).toBe(true);

    const result = await harness.client.generate.mutate({
      type: 'text',
      prompt: 'hello',
    });
    expect(result).toMatchObject({ type: 'text', text: 'HELLO' });

    const error = await clientError(
      harness.client.generate.mutate({
        type: 'text',
        prompt: 'hello',
        route: 'leaky',
      }),
    );
    expect(error.data?.code).toBe('unknown');
    expect(error.data?.attempts).toEqual([
      expect.objectContaining({
        provider: 'outside',
        model: 'leaky',
        outcome: 'error',
        message: expect.stringContaining('upstream refused the key [redacted]'),
      }),
    ]);
    expect(error.message).toContain('[redacted]');

    const everything = JSON.stringify([
      listing,
      result,
      error.message,
      error.shape,
      await harness.client.providers.health.query({ detailed: true }),
      lines,
    ]);
    expect(everything).not.toContain(SECRET);
  });
});

describe("a credential from the provider's conventional variable", () => {
  const FROM_ENVIRONMENT = 'sk-from-environment-456';
  let harness: TestServer;
  const { logger, lines } = createCapturingLogger('trace');

  beforeAll(async () => {
    harness = await startTestServer({
      logger,
      config: configFromYaml(
        `
providers:
  outside: { use: ./outside-provider }
  keyed: { use: ./outside-provider, apiKey: "from-config" }
routes:
  text: { targets: ["outside:leaky", "keyed:leaky"], retry: { maxAttempts: 1 } }
`,
        { environment: { ACME_OUTSIDE_API_KEY: FROM_ENVIRONMENT } },
      ),
    });
  });

  afterAll(() => harness.close());

  it('should configure the instance and stay out of every output', async () => {
    const listing = await harness.client.providers.list.query();
    expect(
      listing.map((instance) => [instance.name, instance.configured]),
    ).toEqual([
      ['outside', true],
      ['keyed', true],
    ]);
    const error = await clientError(
      harness.client.generate.mutate({ type: 'text', prompt: 'hello' }),
    );
    expect(error.data?.attempts?.map((attempt) => attempt.message)).toEqual([
      expect.stringContaining('upstream refused the key [redacted]'),
      expect.stringContaining('upstream refused the key [redacted]'),
    ]);
    const everything = JSON.stringify([
      listing,
      error.message,
      error.shape,
      lines,
    ]);
    expect(everything).not.toContain(FROM_ENVIRONMENT);
    expect(everything).not.toContain('from-config');
  });
});
