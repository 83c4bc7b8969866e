import type { CallRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  judgeSystem,
  judgeTarget,
  uptime,
  type HealthOutcome,
  type HealthThresholds,
  type TargetSignals,
} from './health-judge';

const THRESHOLDS: HealthThresholds = {
  downAfterFailures: 3,
  downErrorRate: 0.5,
  degradedErrorRate: 0.1,
  minCalls: 5,
  slowP95Ms: 1_000,
  windowMs: 60_000,
};
const NOW = 1_000_000;

const call = (at: number, ok: boolean, extra: Partial<CallRecord> = {}) =>
  ({
    ok,
    at,
    latencyMs: 100,
    code: ok ? undefined : 'server_error',
    ...extra,
  }) satisfies CallRecord;

const signals = (overrides: Partial<TargetSignals>): TargetSignals => ({
  breaker: 'closed',
  calls: [],
  probes: [],
  now: NOW,
  ...overrides,
});

describe('judgeTarget', () => {
  it('should be healthy with nothing to go on', () => {
    expect(judgeTarget(signals({}), THRESHOLDS)).toMatchObject({
      state: 'healthy',
      crossed: [],
      consecutiveFailures: 0,
    });
  });

  it('should turn down after downAfterFailures probes and calls in a row, and a success clears the run', () => {
    const failedProbes: HealthOutcome[] = [
      { ok: false, at: NOW - 3_000 },
      { ok: false, at: NOW - 2_000 },
    ];
    expect(
      judgeTarget(signals({ probes: failedProbes }), THRESHOLDS).state,
    ).toBe('healthy');
    const third = judgeTarget(
      signals({ probes: failedProbes, calls: [call(NOW - 1_000, false)] }),
      THRESHOLDS,
    );
    expect(third).toMatchObject({
      state: 'down',
      crossed: ['consecutive-failures'],
      consecutiveFailures: 3,
    });
    const cleared = judgeTarget(
      signals({
        probes: [...failedProbes, { ok: true, at: NOW - 1_500 }],
        calls: [call(NOW - 1_000, false)],
      }),
      THRESHOLDS,
    );
    expect(cleared).toMatchObject({ state: 'healthy', consecutiveFailures: 1 });
  });

  it('should not count a bad request or a run older than the window', () => {
    const badRequests = [1, 2, 3, 4, 5].map((index) =>
      call(NOW - index, false, { code: 'invalid_request' }),
    );
    expect(
      judgeTarget(signals({ calls: badRequests }), THRESHOLDS),
    ).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });
    const old = [1, 2, 3].map((index) => call(NOW - 60_000 - index, false));
    expect(judgeTarget(signals({ calls: old }), THRESHOLDS).state).toBe(
      'healthy',
    );
  });

  it('should judge error rates and p95 latency once the window holds minCalls calls', () => {
    // `failed` failures first, then successes (so no run of failures at the end).
    const calls = (failed: number, total: number, latencyMs = 100) =>
      Array.from({ length: total }, (_, index) =>
        call(NOW - 10_000 + index * 10, index >= failed, { latencyMs }),
      );
    // 1 of 4 failed: too few calls to judge a rate.
    expect(judgeTarget(signals({ calls: calls(1, 4) }), THRESHOLDS).state).toBe(
      'healthy',
    );
    expect(
      judgeTarget(signals({ calls: calls(2, 10) }), THRESHOLDS),
    ).toMatchObject({ state: 'degraded', crossed: ['error-rate'] });
    expect(
      judgeTarget(signals({ calls: calls(5, 10) }), THRESHOLDS),
    ).toMatchObject({ state: 'down', crossed: ['error-rate'] });
    expect(
      judgeTarget(signals({ calls: calls(0, 10, 1_500) }), THRESHOLDS),
    ).toMatchObject({ state: 'degraded', crossed: ['slow'] });
  });

  it('should follow the breaker: open is down, half-open degraded', () => {
    expect(judgeTarget(signals({ breaker: 'open' }), THRESHOLDS)).toMatchObject(
      {
        state: 'down',
        crossed: ['breaker-open'],
      },
    );
    expect(
      judgeTarget(signals({ breaker: 'half-open' }), THRESHOLDS).state,
    ).toBe('degraded');
  });
});

describe('judgeSystem', () => {
  it('should be critical when a type has no target up, degraded when some target is unwell', () => {
    expect(
      judgeSystem(
        new Map([
          ['image', ['healthy', undefined]],
          ['text', ['healthy']],
        ]),
      ),
    ).toMatchObject({ state: 'healthy' });
    expect(
      judgeSystem(
        new Map([
          ['image', ['down', 'healthy']],
          ['text', ['healthy']],
        ]),
      ),
    ).toMatchObject({ state: 'degraded', typesDown: [] });
    expect(
      judgeSystem(
        new Map([
          ['image', ['down', 'down']],
          ['text', ['degraded']],
        ]),
      ),
    ).toEqual({
      state: 'critical',
      reason: 'type-without-target',
      typesDown: ['image'],
    });
  });
});

describe('uptime', () => {
  it('should be the share of the observed window the target was not down', () => {
    const changes = [
      { to: 'healthy' as const, at: 0 },
      { to: 'down' as const, at: 60_000 },
      { to: 'healthy' as const, at: 90_000 },
    ];
    // Observed 0–120 s, down 30 s of it.
    expect(uptime(changes, { now: 120_000, windowMs: 3_600_000 })).toBe(0.75);
    // The last minute (60–120 s): down 30 s.
    expect(uptime(changes, { now: 120_000, windowMs: 60_000 })).toBe(0.5);
    expect(uptime([], { now: 1, windowMs: 1 })).toBeUndefined();
  });
});
