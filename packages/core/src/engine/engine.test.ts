import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteFailedError } from '../errors/route-failed-error';
import { SwitchyardError } from '../errors/switchyard-error';
import { scriptedModels, testRoute } from '../__tests__/scripted-models';
import { createRoutingEngine } from './engine';
import type { BreakerChange } from './circuit-breaker';
import type { EngineEvent, SharedBreakerStates } from './types';

const request = { prompt: 'a lighthouse at dusk', width: 512, height: 512 };

/** One call per target, no retry. */
const ONE_ATTEMPT = {
  maxAttempts: 1,
  baseDelayMs: 1,
  maxDelayMs: 1,
  maxRetryAfterMs: 0,
};

/** Runs a promise to completion under fake timers. */
async function settle<TValue>(promise: Promise<TValue>) {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

async function expectFailure(
  promise: Promise<unknown>,
): Promise<RouteFailedError> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error('expected the call to fail');
  expect(RouteFailedError.isInstance(outcome.error)).toBe(true);
  return outcome.error as RouteFailedError;
}

describe('createRoutingEngine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('executeImage', () => {
    it('should fall back to the next target and report both attempts', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'server_error' }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const outcome = await settle(
        engine.executeImage({
          route: testRoute(['a', 'b'], {
            retry: {
              maxAttempts: 1,
              baseDelayMs: 10,
              maxDelayMs: 10,
              maxRetryAfterMs: 0,
            },
          }),
          request,
        }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(outcome.value.fallbackUsed).toBe(true);
      expect(
        outcome.value.attempts.map((attempt) => [
          attempt.provider,
          attempt.outcome,
          attempt.code,
        ]),
      ).toEqual([
        ['a', 'error', 'server_error'],
        ['b', 'success', undefined],
      ]);
    });

    it('should wait the Retry-After before retrying the same target', async () => {
      const models = scriptedModels({
        a: [
          { kind: 'fail', code: 'rate_limited', retryAfterMs: 700 },
          { kind: 'ok' },
        ],
      });
      const engine = createRoutingEngine({
        resolveModel: models.resolveModel,
        random: () => 0,
      });
      const retries: EngineEvent[] = [];
      engine.onEvent((event) => {
        if (event.type === 'retry') retries.push(event);
      });
      const startedAt = Date.now();
      const outcome = await settle(
        engine.executeImage({ route: testRoute(['a', 'b']), request }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(outcome.value.fallbackUsed).toBe(false);
      expect(retries).toEqual([
        expect.objectContaining({ delayMs: 700, code: 'rate_limited' }),
      ]);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(700);
      expect(models.callsTo('b')).toBe(0);
    });

    it('should move on instead of waiting a Retry-After longer than the cap', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'rate_limited', retryAfterMs: 60_000 }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const startedAt = Date.now();
      const outcome = await settle(
        engine.executeImage({ route: testRoute(['a', 'b']), request }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(models.callsTo('a')).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    });

    it('should skip a target admitTarget turns away, and fail the call when it throws', async () => {
      const models = scriptedModels({});
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const outcome = await settle(
        engine.executeImage({
          route: testRoute(['a', 'b']),
          request,
          admitTarget: (target) =>
            Promise.resolve(
              target.instance === 'a' ? { skip: 'budget' } : undefined,
            ),
        }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(outcome.value.attempts).toEqual([
        expect.objectContaining({
          provider: 'a',
          outcome: 'skipped',
          reason: 'budget',
        }),
        expect.objectContaining({ provider: 'b', outcome: 'success' }),
      ]);
      expect(models.callsTo('a')).toBe(0);

      const refused = await settle(
        engine.executeImage({
          route: testRoute(['a', 'b']),
          request,
          admitTarget: () =>
            Promise.reject(
              new SwitchyardError({
                code: 'quota_exceeded',
                message: 'no credits',
              }),
            ),
        }),
      );
      expect(refused.ok).toBe(false);
      expect(refused.ok ? undefined : refused.error).toMatchObject({
        code: 'quota_exceeded',
      });
      expect(models.callsTo('a') + models.callsTo('b')).toBe(1);
    });

    it('should not fall back on invalid_request', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'invalid_request' }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const error = await expectFailure(
        engine.executeImage({ route: testRoute(['a', 'b']), request }),
      );
      expect(error.reason).toBe('not-recoverable');
      expect(error.code).toBe('invalid_request');
      expect(models.callsTo('a')).toBe(1);
      expect(models.callsTo('b')).toBe(0);
    });

    it('should let a route override the decision table', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'server_error' }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const error = await expectFailure(
        engine.executeImage({
          route: testRoute(['a', 'b'], {
            decisions: { server_error: { retryable: false, fallback: false } },
          }),
          request,
        }),
      );
      expect(error.reason).toBe('not-recoverable');
      expect(models.callsTo('a')).toBe(1);
      expect(models.callsTo('b')).toBe(0);
    });

    it('should abort a slow attempt at the per-attempt timeout and fall back', async () => {
      const models = scriptedModels({ a: [{ kind: 'ok', latencyMs: 10_000 }] });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const outcome = await settle(
        engine.executeImage({
          route: testRoute(['a', 'b'], {
            timeoutMs: 1_000,
            retry: {
              maxAttempts: 1,
              baseDelayMs: 1,
              maxDelayMs: 1,
              maxRetryAfterMs: 0,
            },
          }),
          request,
        }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.attempts[0]).toMatchObject({
        provider: 'a',
        code: 'timeout',
        latencyMs: 1_000,
      });
      expect(models.log[0]?.signal.aborted).toBe(true);
      expect(outcome.value.provider).toBe('b');
    });

    it('should fail with the deadline once the whole call has used it up', async () => {
      const models = scriptedModels({
        a: [{ kind: 'ok', latencyMs: 10_000 }],
        b: [{ kind: 'ok', latencyMs: 10_000 }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const startedAt = Date.now();
      const error = await expectFailure(
        engine.executeImage({
          route: testRoute(['a', 'b'], {
            timeoutMs: 3_000,
            deadlineMs: 4_000,
            retry: {
              maxAttempts: 1,
              baseDelayMs: 1,
              maxDelayMs: 1,
              maxRetryAfterMs: 0,
            },
          }),
          request,
        }),
      );
      expect(error.reason).toBe('deadline');
      expect(error.code).toBe('timeout');
      expect(Date.now() - startedAt).toBe(4_000);
      expect(error.attempts.map((attempt) => attempt.latencyMs)).toEqual([
        3_000, 1_000,
      ]);
    });

    it('should abort the attempt in flight and start no other when the caller aborts', async () => {
      const models = scriptedModels({ a: [{ kind: 'ok', latencyMs: 5_000 }] });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await expectFailure(
        engine.executeImage({
          route: testRoute(['a', 'b']),
          request,
          signal: controller.signal,
        }),
      );
      expect(error.reason).toBe('cancelled');
      expect(error.code).toBe('cancelled');
      expect(models.log).toHaveLength(1);
      expect(models.log[0]?.signal.aborted).toBe(true);
    });

    it('should skip a target whose breaker is open, then probe it once after the wait', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'server_error' }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const route = testRoute(['a', 'b'], {
        retry: ONE_ATTEMPT,
        breaker: { failureThreshold: 2, halfOpenAfterMs: 1_000 },
      });
      const changes: EngineEvent[] = [];
      engine.onEvent((event) => {
        if (event.type === 'breaker-state-change') changes.push(event);
      });
      await settle(engine.executeImage({ route, request }));
      await settle(engine.executeImage({ route, request }));
      expect(engine.breakerState({ instance: 'a', model: 'a-model' })).toBe(
        'open',
      );

      const skipped = await settle(engine.executeImage({ route, request }));
      if (!skipped.ok) throw skipped.error;
      expect(skipped.value.attempts[0]).toMatchObject({
        provider: 'a',
        outcome: 'skipped',
        reason: 'breaker-open',
      });
      expect(models.callsTo('a')).toBe(2);

      vi.advanceTimersByTime(1_000);
      await settle(engine.executeImage({ route, request }));
      expect(models.callsTo('a')).toBe(3);
      expect(
        changes.map(
          (event) => event.type === 'breaker-state-change' && event.to,
        ),
      ).toEqual(['open', 'half-open', 'open']);
    });

    it('should share breaker opens and closes between engines (replicas)', async () => {
      const published = new Map<string, BreakerChange>();
      const sharedBreakers: SharedBreakerStates = {
        get: (key) => published.get(key),
        publish: (key, change) => published.set(key, change),
      };
      const replicaA = scriptedModels({
        a: [{ kind: 'fail', code: 'server_error' }],
      });
      const replicaB = scriptedModels({});
      const engineA = createRoutingEngine({
        resolveModel: replicaA.resolveModel,
        sharedBreakers,
      });
      const engineB = createRoutingEngine({
        resolveModel: replicaB.resolveModel,
        sharedBreakers,
      });
      const route = testRoute(['a', 'b'], {
        retry: ONE_ATTEMPT,
        breaker: { failureThreshold: 2, halfOpenAfterMs: 1_000 },
      });
      const target = { instance: 'a', model: 'a-model' };
      await settle(engineA.executeImage({ route, request }));
      expect(engineB.breakerState(target, route)).toBe('closed');
      await settle(engineA.executeImage({ route, request }));

      expect(engineB.breakerState(target, route)).toBe('open');
      const onB = await settle(engineB.executeImage({ route, request }));
      if (!onB.ok) throw onB.error;
      expect(onB.value.attempts[0]).toMatchObject({
        provider: 'a',
        outcome: 'skipped',
        reason: 'breaker-open',
      });
      expect(replicaB.callsTo('a')).toBe(0);

      // B's probe succeeds after the wait: A takes the close on without probing.
      vi.advanceTimersByTime(1_000);
      const probe = await settle(engineB.executeImage({ route, request }));
      if (!probe.ok) throw probe.error;
      expect(probe.value.provider).toBe('a');
      expect(engineA.breakerState(target)).toBe('closed');
      expect(replicaA.callsTo('a')).toBe(2);
    });

    it('should fail as overloaded when every target is skipped by an open breaker', async () => {
      const models = scriptedModels({
        a: [{ kind: 'fail', code: 'server_error' }],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const route = testRoute(['a'], {
        retry: ONE_ATTEMPT,
        breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 },
      });
      await expectFailure(engine.executeImage({ route, request }));
      const error = await expectFailure(
        engine.executeImage({ route, request }),
      );
      expect(error.attempts).toEqual([
        expect.objectContaining({ outcome: 'skipped', reason: 'breaker-open' }),
      ]);
      expect(error.code).toBe('overloaded');
      expect(error.isRetryable).toBe(true);
    });

    it('should report per-target health', async () => {
      const models = scriptedModels({
        a: [
          { kind: 'fail', code: 'overloaded' },
          { kind: 'ok', latencyMs: 40 },
        ],
      });
      const engine = createRoutingEngine({
        resolveModel: models.resolveModel,
        random: () => 0,
      });
      await settle(engine.executeImage({ route: testRoute(['a']), request }));
      const [health] = engine.health();
      expect(health).toMatchObject({
        target: { instance: 'a', model: 'a-model' },
        breaker: 'closed',
        recentCalls: 2,
        successRate: 0.5,
        lastErrorCode: 'overloaded',
      });
    });

    it('should fail with no-targets on an empty route', async () => {
      const engine = createRoutingEngine({
        resolveModel: scriptedModels({}).resolveModel,
      });
      const error = await expectFailure(
        engine.executeImage({ route: testRoute([]), request }),
      );
      expect(error.reason).toBe('no-targets');
    });
  });
});
