import { afterEach, describe, expect, it } from 'vitest';
import { clientError } from '../__tests__/test-server';
import type { HealthScheduler } from './scheduler';
import {
  INTERVAL_MS,
  MODELS,
  MODELS_FAILING,
  MODELS_OK,
  startHealthServer,
  type HealthHarness,
} from './__tests__/health-server';

describe('HealthMonitor', () => {
  let current: HealthHarness | undefined;
  const start = async (options?: Parameters<typeof startHealthServer>[0]) => {
    current = await startHealthServer(options);
    return current;
  };
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  describe('probes', () => {
    it('should turn an instance’s targets down after downAfterFailures failing probes, and healthy once a probe succeeds', async () => {
      const { harness, upstream, tick } = await start();
      const monitor = harness.server.gateway.healthMonitor;
      expect(monitor.stateOf('openai:gpt-4o-mini')).toBe('healthy');
      upstream.routes[MODELS] = { response: MODELS_FAILING };
      await tick();
      await tick();
      expect(monitor.stateOf('openai:gpt-4o-mini')).toBe('healthy');
      await tick();
      expect(monitor.stateOf('openai:gpt-4o-mini')).toBe('down');
      expect(monitor.stateOf('openai:dall-e-3')).toBe('down');
      expect(monitor.stateOf('local:echo')).toBe('healthy');
      // One probe per round, sent with the instance's key.
      expect(
        upstream.calls.map((call) => `${call.method} ${call.url}`),
      ).toEqual(Array(3).fill('GET /v1/models'));
      expect(upstream.calls[0]?.headers.authorization).toBe(
        'Bearer sk-health-test-key',
      );
      upstream.routes[MODELS] = { response: MODELS_OK };
      await tick();
      expect(monitor.stateOf('openai:gpt-4o-mini')).toBe('healthy');
      expect(monitor.stateOf('openai:dall-e-3')).toBe('healthy');
    });

    it('should make calls skip a target while probes judge it down, and explain say so', async () => {
      const { harness, upstream, tick } = await start();
      const calls = () =>
        upstream.calls.filter((call) => call.url === '/v1/chat/completions');
      upstream.routes[MODELS] = { response: MODELS_FAILING };
      for (let round = 0; round < 3; round += 1) await tick();
      const input = { type: 'text' as const, prompt: 'hi' };
      const explained = await harness.client.routes.explain.query(input);
      expect(explained.first).toBe('local:echo');
      expect(explained.targets[1]).toMatchObject({
        target: 'openai:gpt-4o-mini',
        health: 'down',
        skip: { reason: 'health-down' },
      });
      const result = await harness.client.generate.mutate(input);
      expect(result.provider).toBe('local');
      expect(result.attempts[0]).toMatchObject({
        provider: 'openai',
        outcome: 'skipped',
        reason: 'health-down',
      });
      expect(calls()).toHaveLength(0);
      upstream.routes[MODELS] = { response: MODELS_OK };
      await tick();
      // Healthy again: the call reaches it (the fake answers 500, so it falls back).
      const after = await harness.client.generate.mutate(input);
      expect(after.attempts[0]).toMatchObject({
        provider: 'openai',
        outcome: 'error',
      });
      expect(calls()).toHaveLength(1);
    });

    it('should not probe an instance whose probe the config turns off', async () => {
      const { harness, upstream, tick } = await start({
        health: 'probes: { openai: false }',
      });
      upstream.routes[MODELS] = { response: MODELS_FAILING };
      for (let round = 0; round < 3; round += 1) await tick();
      expect(upstream.calls).toEqual([]);
      expect(
        harness.server.gateway.healthMonitor.stateOf('openai:gpt-4o-mini'),
      ).toBe('healthy');
    });
  });

  describe('calls', () => {
    it('should turn a target down after downAfterFailures failed calls, and report them', async () => {
      const { harness } = await start();
      for (let call = 0; call < 3; call += 1) {
        const result = await harness.client.generate.mutate({
          type: 'text',
          prompt: 'hi',
        });
        expect(result.provider).toBe('local');
      }
      const report = await harness.client.providers.health.query({
        provider: 'openai',
        detailed: true,
      });
      const chat = report.targets.find(
        (target) => target.target === 'openai:gpt-4o-mini',
      );
      expect(chat).toMatchObject({
        state: 'down',
        recentCalls: 3,
        successRate: 0,
        thresholdsCrossed: ['consecutive-failures'],
        consecutiveFailures: 3,
        errorsByCode: { server_error: 3 },
        lastError: {
          code: 'server_error',
          source: 'call',
          message: expect.stringContaining('The server had an error'),
        },
      });
      // Its probe has not failed: the image target of the instance is fine.
      expect(
        report.targets.find((target) => target.target === 'openai:dall-e-3'),
      ).toMatchObject({ state: 'healthy', recentCalls: 0 });
    });
  });

  describe('providers.health', () => {
    it('should give the shares of recent calls served from the cache and by a fallback', async () => {
      const { harness } = await start();
      const input = {
        type: 'text' as const,
        prompt: 'hi',
        cache: { ttlMs: 60_000 },
      };
      // The fake OpenAI answers chat with a 500: local serves.
      const first = await harness.client.generate.mutate(input);
      expect(first).toMatchObject({ provider: 'local', fallbackUsed: true });
      const second = await harness.client.generate.mutate(input);
      expect(second.cached).toBe(true);
      const report = await harness.client.providers.health.query({
        detailed: true,
      });
      expect(report.system).toMatchObject({
        cacheHitRate: 0.5,
        fallbackRate: 0.5,
      });
    });

    it('should keep one instance’s targets and add the details when asked', async () => {
      const { harness, upstream, tick, advance } = await start();
      upstream.routes[MODELS] = { response: MODELS_FAILING };
      for (let round = 0; round < 3; round += 1) await tick();
      advance(30_000);
      const { client } = harness;
      const brief = await client.providers.health.query({ provider: 'openai' });
      expect(brief.targets.map((target) => target.target)).toEqual([
        'openai:gpt-4o-mini',
        'openai:dall-e-3',
      ]);
      expect(brief.targets[0]).not.toHaveProperty('uptime');
      expect(brief.system).toBeUndefined();
      const detailed = await client.providers.health.query({
        provider: 'openai',
        detailed: true,
      });
      expect(detailed.status).toBe('critical');
      expect(detailed.targets[1]).toMatchObject({
        target: 'openai:dall-e-3',
        state: 'down',
        thresholdsCrossed: ['consecutive-failures'],
        consecutiveFailures: 3,
        // Watched for 120 s, down for the last 30 s.
        uptime: { last5m: 0.75, last1h: 0.75, last24h: 0.75 },
        lastProbe: { ok: false, code: 'server_error' },
        lastError: { code: 'server_error', source: 'probe' },
      });
      expect(detailed.system?.types).toEqual(
        expect.arrayContaining([
          { type: 'image', state: 'critical', targets: 1, up: 0 },
          { type: 'text', state: 'degraded', targets: 2, up: 1 },
        ]),
      );
      const everything = await client.providers.health.query();
      expect(everything.targets.map((target) => target.target)).toContain(
        'local:echo',
      );
      const unknown = await clientError(
        client.providers.health.query({ provider: 'nope' }),
      );
      expect(unknown.data?.code).toBe('not_found');
    });
  });

  describe('start and stop', () => {
    it('should probe one interval after start, every interval after, and leave no timer once the server closes', async () => {
      const timers = new Map<number, { run: () => void; delayMs: number }>();
      const waiting: Array<() => void> = [];
      let ids = 0;
      const scheduler: HealthScheduler = {
        setTimeout(run, delayMs) {
          ids += 1;
          timers.set(ids, { run, delayMs });
          // A round's own timers (probe timeouts) are shorter than the interval.
          if (delayMs === INTERVAL_MS) waiting.shift()?.();
          return ids;
        },
        clearTimeout: (id) => timers.delete(id as number),
      };
      const nextRound = () =>
        new Promise<void>((resolve) => waiting.push(resolve));
      const fireRound = () => {
        const entry = [...timers].find(
          ([, timer]) => timer.delayMs === INTERVAL_MS,
        );
        if (entry === undefined) throw new Error('no round is scheduled');
        timers.delete(entry[0]);
        entry[1].run();
      };
      current = await startHealthServer({ scheduler });
      const { upstream } = current;
      expect([...timers.values()].map((timer) => timer.delayMs)).toEqual([
        30_000,
      ]);
      expect(upstream.calls).toEqual([]);
      const scheduled = nextRound();
      fireRound();
      await scheduled;
      expect(upstream.calls).toHaveLength(1);
      expect([...timers.values()].map((timer) => timer.delayMs)).toEqual([
        30_000,
      ]);
      await current.close();
      current = undefined;
      expect(timers.size).toBe(0);
    });
  });

  describe('/readyz', () => {
    it('should answer 503 while a route type has no target up, and 200 again once one recovers', async () => {
      const { harness, upstream, tick } = await start();
      const readyz = () => fetch(`${harness.server.url}/readyz`);
      expect((await readyz()).status).toBe(200);
      upstream.routes[MODELS] = { response: MODELS_FAILING };
      for (let round = 0; round < 3; round += 1) await tick();
      const critical = await readyz();
      expect(critical.status).toBe(503);
      expect(await critical.json()).toMatchObject({ status: 'critical' });
      expect(harness.server.gateway.healthMonitor.systemState()).toBe(
        'critical',
      );
      upstream.routes[MODELS] = { response: MODELS_OK };
      await tick();
      const ready = await readyz();
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        health: 'healthy',
      });
    });
  });
});
