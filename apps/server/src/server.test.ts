import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load-config';
import type { EngineEvent } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  configFromYaml,
  createCapturingLogger,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';
import { createServer } from './server';

const SLOW_CONFIG = `
providers:
  slow: { use: local, faults: { rate: 0, latencyMs: 60000 } }
routes:
  text: { targets: ["slow:echo"], retry: { maxAttempts: 1 } }
`;

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

describe('createServer', () => {
  it('should say it serves the offline local providers when SWITCHYARD_CONFIG is not set, on an embedded SQLite store', async () => {
    const { logger, lines } = createCapturingLogger('info');
    const cwd = mkdtempSync(join(tmpdir(), 'switchyard-default-'));
    const server = await createServer({
      config: await loadConfig({ environment: {}, cwd }),
      logger,
      port: 0,
    });
    try {
      expect(existsSync(join(cwd, 'data', 'switchyard.db'))).toBe(true);
      expect(server.config.isDefault).toBe(true);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join('')).toContain(
        'SWITCHYARD_CONFIG is not set: serving the offline local providers',
      );
    } finally {
      await server.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('should warn when Redis spreads jobs across replicas that cannot share an in-memory store', async () => {
    const { logger, lines } = createCapturingLogger('info');
    const redisUrl =
      process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const server = await createServer({
      config: configFromYaml(`
store: { url: "sqlite::memory:" }
redis: { url: "${redisUrl}", keyPrefix: "test_warn_${process.pid}:" }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
      logger,
      port: 0,
    });
    try {
      expect(lines.join('')).toContain(
        'jobs go through Redis to any replica, but this store is in memory',
      );
    } finally {
      await server.close();
    }
  });

  describe('close', () => {
    it('should turn /readyz to 503 and close the connections left after the grace period', async () => {
      const harness = await startTestServer({
        config: configFromYaml(SLOW_CONFIG),
      });
      const started = nextEvent(
        harness,
        (event) => event.type === 'attempt-start',
      );
      const ended = nextEvent(harness, (event) => event.type === 'attempt-end');
      const call = harness.client.generate.mutate({
        type: 'text',
        prompt: 'hello',
      });
      await started;
      const closed = harness.server.close({ graceMs: 20 });
      const readyz = await harness.server.app.request('/readyz');
      expect(readyz.status).toBe(503);
      await closed;
      await expect(call).rejects.toThrow();
      // Closing the connection aborted the upstream call.
      expect(await ended).toMatchObject({
        outcome: 'error',
        code: 'cancelled',
      });
    });
  });
});
