import type { SwitchyardStore } from '@switchyard/core';
import { createSqlStore } from '@switchyard/store-sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ServerState } from './app';
import type { Gateway } from './gateway/gateway';
import type { HealthMonitor } from './health/health-monitor';
import { createLogger } from './logger';

function notImplemented(): never {
  throw new Error('not implemented');
}

const gateway: Gateway = {
  generate: notImplemented,
  streamText: notImplemented,
  resumeTask: notImplemented,
  routeNameFor: notImplemented,
  routeDeadlineMsFor: notImplemented,
  explain: notImplemented,
  listProviders: () => [],
  listRoutes: () => [],
  health: () =>
    Promise.resolve({ status: 'healthy', checkedAt: 0, targets: [] }),
  healthMonitor: {
    start: () => Promise.resolve(),
    stop: () => undefined,
    probeNow: () => Promise.resolve(),
    stateOf: () => undefined,
    systemState: () => 'healthy',
    report: notImplemented,
  } satisfies HealthMonitor,
  onEvent: () => () => undefined,
  redact: (text) => text,
  endStreams: () => Promise.resolve(0),
};

describe('createApp', () => {
  const logger = createLogger({ level: 'silent' });
  let store: SwitchyardStore;
  beforeAll(async () => {
    store = await createSqlStore({ url: 'sqlite::memory:' });
  });
  afterAll(() => store.close());

  it('should answer /healthz while alive and /readyz until shutdown starts', async () => {
    const state: ServerState = { shuttingDown: false };
    const app = createApp({
      gateway,
      logger,
      state,
      store,
      authRequired: false,
    });
    expect((await app.request('/healthz')).status).toBe(200);
    expect(await (await app.request('/readyz')).json()).toEqual({
      status: 'ready',
      health: 'healthy',
    });
    state.shuttingDown = true;
    const readyz = await app.request('/readyz');
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ error: 'shutting down' });
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('should refuse a body over the limit with 413', async () => {
    const app = createApp({
      gateway,
      logger,
      store,
      authRequired: false,
      maxBodyBytes: 10,
    });
    const response = await app.request('/trpc/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', prompt: 'far too long' }),
    });
    expect(response.status).toBe(413);
  });

  it('should answer unknown paths with a JSON 404', async () => {
    const app = createApp({ gateway, logger, store, authRequired: false });
    const response = await app.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found.' });
  });
});
