import type { EngineEvent } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** A provider that answers after a minute: every call is still running at shutdown. */
const NEVER_ANSWERS = `
providers:
  slow: { use: local, faults: { rate: 0, latencyMs: 60000 } }
routes:
  text: { targets: ["slow:echo"], retry: { maxAttempts: 1 } }
`;

function attemptsStarted(harness: TestServer, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const unsubscribe = harness.server.gateway.onEvent((event: EngineEvent) => {
      if (event.type !== 'attempt-start' || ++seen < count) return;
      unsubscribe();
      resolve();
    });
  });
}

describe(
  'a call still running when shutdown’s grace period ends',
  { timeout: 30_000 },
  () => {
    it('should answer a typed overloaded error (HTTP 503) saying the server is shutting down, not an empty reply', async () => {
      const harness = await startTestServer({
        config: configFromYaml(NEVER_ANSWERS),
      });
      const started = attemptsStarted(harness, 2);
      const call = clientError(
        harness.client.generate.mutate({ type: 'text', prompt: 'hello' }),
      );
      const batch = harness.client.generateBatch.mutate({
        items: [{ type: 'text', prompt: 'one' }],
      });
      await started;
      await harness.server.close({ graceMs: 10 }); // then the calls are stopped
      await harness.close();
      const error = await call;
      expect(error.data).toMatchObject({
        code: 'overloaded',
        httpStatus: 503,
        trpcCode: 'SERVICE_UNAVAILABLE',
      });
      expect(error.message).toMatch(
        /^The server is shutting down and stopped this call past its grace period; it is not charged\. Send it again/,
      );
      expect((await batch).items).toMatchObject([
        { index: 0, ok: false, error: { code: 'overloaded' } },
      ]);
    });
  },
);
