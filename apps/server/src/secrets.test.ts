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
      await harness.client.providers.health.query(),
      lines,
    ]);
    expect(everything).not.toContain(SECRET);
  });
});
