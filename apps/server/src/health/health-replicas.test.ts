import { randomUUID } from 'node:crypto';
import { createFakeUpstream, type FakeUpstream } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  createCapturingLogger,
} from '../__tests__/test-server';
import { createGateway } from '../gateway/gateway';
import { createRedisHealth } from '../shared-state/redis-shared-state';
import {
  INTERVAL_MS,
  MODELS,
  MODELS_FAILING,
  MODELS_OK,
} from './__tests__/health-server';
import type { HealthMonitor } from './health-monitor';
import type { HealthStore } from './health-store';
import { createRedisHealthStore } from './redis-health-store';
import { manualScheduler } from './scheduler';

const REDIS_URL =
  process.env.SWITCHYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('HealthMonitor on one Redis', () => {
  const keyPrefix = `test_health_${randomUUID()}:`;
  const clients: Redis[] = [];
  const stores: HealthStore[] = [];
  const monitors: HealthMonitor[] = [];
  let upstream: FakeUpstream;
  let clock = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      [MODELS]: { response: MODELS_FAILING },
    });
  });
  afterAll(async () => {
    for (const monitor of monitors) monitor.stop();
    for (const store of stores) store.close();
    const [first] = clients;
    if (first !== undefined) {
      const keys = await first.keys(`${keyPrefix}*`);
      const unprefixed = keys.map((key) => key.slice(keyPrefix.length));
      if (unprefixed.length > 0) await first.del(...unprefixed);
    }
    for (const redis of clients) redis.disconnect();
    await upstream.close();
  });

  /** A replica: its own Redis connection, gateway and monitor, on the shared clock. */
  const replica = async () => {
    const redis = new Redis(REDIS_URL, { keyPrefix, maxRetriesPerRequest: 2 });
    clients.push(redis);
    const { logger, lines } = createCapturingLogger('info');
    const store = await createRedisHealthStore({ redis, keyPrefix, logger });
    stores.push(store);
    const gateway = await createGateway({
      config: configFromYaml(`
health: { probeIntervalMs: ${INTERVAL_MS}, thresholds: { downAfterFailures: 1 } }
providers:
  openai: { apiKey: "sk-replicas", baseURL: "${upstream.url}/v1" }
  local: {}
routes:
  text: { targets: ["openai:gpt-4o-mini", "local:echo"] }
`),
      logger,
      sharedHealth: createRedisHealth({ redis, logger }),
      health: { store, scheduler: manualScheduler, now: () => clock },
    });
    monitors.push(gateway.healthMonitor);
    const alerts = () =>
      lines
        .filter((line) => line.includes('"health.changed"'))
        .map((line) => {
          const alert = JSON.parse(line) as Record<string, string>;
          return `${alert.scope} ${alert.target ?? '-'} ${alert.from}→${alert.to}`;
        });
    return { monitor: gateway.healthMonitor, alerts };
  };

  it('should probe an instance once per interval, agree on every state and alert once per change', async () => {
    const a = await replica();
    const b = await replica();
    await Promise.all([a.monitor.start(), b.monitor.start()]);
    const roundOnBoth = async () => {
      clock += INTERVAL_MS;
      await Promise.all([a.monitor.probeNow(), b.monitor.probeNow()]);
      // Both judge again within the interval: no further probe.
      await a.monitor.probeNow();
      await b.monitor.probeNow();
    };
    const statesOn = (replicaUnderTest: typeof a) => [
      replicaUnderTest.monitor.stateOf('openai:gpt-4o-mini'),
      replicaUnderTest.monitor.stateOf('local:echo'),
      replicaUnderTest.monitor.systemState(),
    ];

    await roundOnBoth();
    expect(upstream.calls).toHaveLength(1);
    expect(statesOn(a)).toEqual(['down', 'healthy', 'degraded']);
    expect(statesOn(b)).toEqual(statesOn(a));
    expect([...a.alerts(), ...b.alerts()].sort()).toEqual([
      'system - healthy→degraded',
      'target openai:gpt-4o-mini healthy→down',
    ]);

    upstream.routes[MODELS] = { response: MODELS_OK };
    await roundOnBoth();
    expect(upstream.calls).toHaveLength(2);
    expect(statesOn(a)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(statesOn(b)).toEqual(statesOn(a));
    expect([...a.alerts(), ...b.alerts()]).toHaveLength(4);

    // A replica that starts later reads the states at once.
    const late = await replica();
    expect(statesOn(late)).toEqual(['healthy', 'healthy', 'healthy']);
    const report = await late.monitor.report({ detailed: true });
    expect(
      report.targets.find((target) => target.target === 'openai:gpt-4o-mini'),
    ).toMatchObject({
      state: 'healthy',
      lastProbe: { ok: true },
      lastError: { code: 'server_error', source: 'probe' },
    });
  });
});
