import type { EngineEvent } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** Resolves with the first engine event that matches. */
function nextEvent(
  harness: TestServer,
  matches: (event: EngineEvent) => boolean,
): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const unsubscribe = harness.server.gateway.onEvent((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

describe('routing over HTTP', () => {
  let harness: TestServer;

  beforeAll(async () => {
    harness = await startTestServer({
      config: configFromYaml(`
providers:
  local: {}
  flaky: { use: local, faults: { rate: 1, code: server_error } }
  busy-a: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 5000 } }
  busy-b: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 2000 } }
  slow: { use: local, faults: { rate: 0, latencyMs: 60000 } }
  sluggish: { use: local, timeoutMs: 20, faults: { rate: 0, latencyMs: 60000 } }
routes:
  image:
    targets: ["flaky:procedural", "local:procedural"]
    retry: { maxAttempts: 1 }
  text: { targets: ["local:echo"] }
  busy:
    type: image
    targets: ["busy-a:procedural", "busy-b:procedural"]
    retry: { maxAttempts: 1 }
  slow: { type: text, targets: ["slow:echo"], retry: { maxAttempts: 1 } }
  sluggish: { type: text, targets: ["sluggish:echo"], retry: { maxAttempts: 1 } }
`),
    });
  });

  afterAll(() => harness.close());

  it('should fall back from a failing instance and report both attempts', async () => {
    const result = await harness.client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
    });
    expect(result).toMatchObject({
      provider: 'local',
      model: 'procedural',
      fallbackUsed: true,
    });
    expect(result.attempts).toEqual([
      expect.objectContaining({
        provider: 'flaky',
        model: 'procedural',
        outcome: 'error',
        code: 'server_error',
      }),
      expect.objectContaining({
        provider: 'local',
        model: 'procedural',
        outcome: 'success',
      }),
    ]);
  });

  it('should not fall back with fallback: false', async () => {
    const error = await clientError(
      harness.client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        fallback: false,
      }),
    );
    expect(error.data).toMatchObject({
      code: 'server_error',
      trpcCode: 'BAD_GATEWAY',
      httpStatus: 502,
    });
    expect(error.data?.attempts).toHaveLength(1);
  });

  it('should answer rate_limited with the smallest wait when every target is rate limited', async () => {
    const error = await clientError(
      harness.client.generate.mutate({
        type: 'image',
        prompt: 'a fox',
        route: 'busy',
      }),
    );
    expect(error.data).toMatchObject({
      code: 'rate_limited',
      trpcCode: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      reason: 'all-targets-failed',
      retryAfterMs: 2000,
    });
    expect(error.data?.attempts).toEqual([
      expect.objectContaining({
        provider: 'busy-a',
        outcome: 'error',
        code: 'rate_limited',
        retryAfterMs: 5000,
      }),
      expect.objectContaining({
        provider: 'busy-b',
        outcome: 'error',
        code: 'rate_limited',
        retryAfterMs: 2000,
      }),
    ]);
  });

  it("should bound a call by its instance's timeoutMs", async () => {
    const error = await clientError(
      harness.client.generate.mutate({
        type: 'text',
        prompt: 'hello',
        route: 'sluggish',
      }),
    );
    expect(error.data?.code).toBe('timeout');
    expect(error.data?.attempts).toEqual([
      expect.objectContaining({ provider: 'sluggish', code: 'timeout' }),
    ]);
  });

  it('should abort the upstream call when the client goes away', async () => {
    const started = nextEvent(
      harness,
      (event) => event.type === 'attempt-start' && event.route === 'slow',
    );
    const ended = nextEvent(
      harness,
      (event) => event.type === 'attempt-end' && event.route === 'slow',
    );
    const controller = new AbortController();
    const call = harness.client.generate.mutate(
      { type: 'text', prompt: 'hello', route: 'slow' },
      { signal: controller.signal },
    );
    await started;
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(await ended).toMatchObject({ outcome: 'error', code: 'cancelled' });
  });
});
