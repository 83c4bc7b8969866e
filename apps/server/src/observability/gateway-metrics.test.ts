import type { EngineEvent } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { parseMetrics } from '../__tests__/prometheus-text';
import { configFromYaml } from '../__tests__/test-server';
import type { CallEnd } from '../gateway/gateway-observer';
import { createLogger } from '../logger';
import { createGatewayMetrics } from './gateway-metrics';

const config = configFromYaml(`
providers: { fast: { use: local }, slow: { use: local } }
routes: { text: { targets: ["slow:echo", "fast:echo"] } }
`);

/** Metrics attached to a stand-in gateway whose engine events the test sends. */
function metricsWithEngine() {
  const metrics = createGatewayMetrics({ config });
  let send: (event: EngineEvent) => void = () => undefined;
  metrics.attach({
    gateway: {
      listProviders: () => [],
      onEvent: (listener) => {
        send = listener;
        return () => undefined;
      },
    },
    logger: createLogger({ level: 'silent' }),
  });
  return { metrics, send: (event: EngineEvent) => send(event) };
}

const ended: CallEnd = {
  route: 'text',
  type: 'text',
  provider: 'fast',
  model: 'echo',
  outcome: 'success',
  latencyMs: 120,
  upstreamMs: 100,
  microCredits: 5,
  cached: false,
  attempts: [
    {
      provider: 'slow',
      model: 'echo',
      outcome: 'error',
      code: 'cancelled',
      latencyMs: 100,
      gatewayCostMicroCredits: 4,
    },
    {
      provider: 'fast',
      model: 'echo',
      outcome: 'success',
      latencyMs: 60,
      hedged: true,
    },
  ],
};

describe('createGatewayMetrics', () => {
  it('should count retries by code, a cancelled attempt apart from errors, and a hedge loser’s cost as the gateway’s', async () => {
    const { metrics, send } = metricsWithEngine();
    const slow = { instance: 'slow', model: 'echo' };
    send({
      type: 'retry',
      route: 'text',
      target: slow,
      attempt: 1,
      delayMs: 10,
      code: 'rate_limited',
    });
    send({
      type: 'attempt-end',
      route: 'text',
      target: slow,
      attempt: 2,
      outcome: 'error',
      code: 'cancelled',
      latencyMs: 100,
    });
    metrics.observer
      .callStarted({ id: 'gen_1', route: 'text', type: 'text', stream: false })
      ?.callEnded?.(ended);
    const parsed = await parseMetrics(await metrics.scrape());
    expect(
      parsed.value('switchyard_retries_total', {
        route: 'text',
        provider: 'slow',
        code: 'rate_limited',
      }),
    ).toBe(1);
    expect(
      parsed.histogram('switchyard_attempt_duration_seconds', {
        provider: 'slow',
        model: 'other',
        type: 'text',
        outcome: 'cancelled',
      }),
    ).toEqual({ count: 1, sum: 0.1 });
    expect(
      parsed.value('switchyard_gateway_cost_micro_credits_total', {
        reason: 'hedge-loser',
      }),
    ).toBe(4);
    expect(
      parsed.value('switchyard_cost_micro_credits_total', {
        route: 'text',
        type: 'text',
        provider: 'fast',
      }),
    ).toBe(5);
    // The call's wall time minus its upstream time: 120 − 100 ms.
    expect(
      parsed.histogram('switchyard_gateway_overhead_seconds', {
        route: 'text',
        type: 'text',
      }),
    ).toEqual({ count: 1, sum: 0.02 });
  });

  it('should keep two gateways’ counts apart', async () => {
    const first = metricsWithEngine();
    const second = metricsWithEngine();
    first.metrics.observer
      .callStarted({ id: 'gen_2', route: 'text', type: 'text', stream: false })
      ?.callEnded?.(ended);
    const [one, two] = await Promise.all(
      [first, second].map(async ({ metrics }) =>
        parseMetrics(await metrics.scrape()),
      ),
    );
    const calls = {
      route: 'text',
      type: 'text',
      provider: 'fast',
      model: 'other',
      outcome: 'success',
    };
    expect(one?.value('switchyard_calls_total', calls)).toBe(1);
    expect(two?.value('switchyard_calls_total', calls)).toBeUndefined();
  });
});
