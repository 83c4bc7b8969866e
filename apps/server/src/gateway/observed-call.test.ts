import {
  generateInputSchema,
  textStreamInputSchema,
  type EngineEvent,
  type TextStreamEvent,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { configFromYaml } from '../__tests__/test-server';
import { createLogger } from '../logger';
import { createGateway, type GatewayOptions } from './gateway';
import {
  combineObservers,
  type CallEnd,
  type GatewayObserver,
} from './gateway-observer';
import { upstreamMsOf } from './observed-call';

const config = configFromYaml(`
providers:
  local: {}
  flaky: { use: local, faults: { rate: 1, code: server_error } }
routes:
  text:
    targets: ["flaky:echo", "local:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 100 }
`);

const gatewayWith = (observer: GatewayOptions['observer']) =>
  createGateway({
    config,
    logger: createLogger({ level: 'silent' }),
    observer,
  });

const ask = (prompt: string) => ({
  input: generateInputSchema.parse({ type: 'text', prompt }),
});

/** An observer that throws from every hook. */
const broken: GatewayObserver = {
  callStarted() {
    throw new Error('observer bug at start');
  },
};
const brokenLater: GatewayObserver = {
  callStarted: () => ({
    engineEvent() {
      throw new Error('observer bug on an event');
    },
    callEnded() {
      throw new Error('observer bug at the end');
    },
  }),
};

/** An observer that keeps what it is told, per call. */
function recorder() {
  const calls: Array<{ events: EngineEvent[]; end?: CallEnd }> = [];
  const observer: GatewayObserver = {
    callStarted() {
      const call: (typeof calls)[number] = { events: [] };
      calls.push(call);
      return {
        engineEvent: (event) => call.events.push(event),
        callEnded: (end) => {
          call.end = end;
        },
      };
    },
  };
  return { calls, observer };
}

describe('GatewayOptions.observer', () => {
  it('should serve calls whatever an observer throws', async () => {
    for (const observer of [broken, brokenLater]) {
      const gateway = await gatewayWith(observer);
      const result = await gateway.generate(ask('still served'));
      expect(result).toMatchObject({ provider: 'local', fallbackUsed: true });
    }
  });

  it('should tell every observer of a combination, even past one that throws', async () => {
    const { calls, observer } = recorder();
    const gateway = await gatewayWith(
      combineObservers([brokenLater, observer]),
    );
    const result = await gateway.generate(ask('observed'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.end).toMatchObject({
      route: 'text',
      type: 'text',
      outcome: 'success',
      provider: 'local',
      model: 'echo',
      cached: false,
      attempts: result.attempts,
    });
    expect(calls[0]?.events.map((event) => event.type)).toEqual([
      'attempt-start',
      'attempt-end',
      'fallback',
      'attempt-start',
      'attempt-end',
    ]);
  });

  it('should see a call’s own engine events only, and a stream from start to end', async () => {
    const { calls, observer } = recorder();
    const gateway = await gatewayWith(observer);
    await Promise.all([
      gateway.generate(ask('one')),
      gateway.generate(ask('two')),
    ]);
    const streamed: TextStreamEvent[] = [];
    const stream = gateway.streamText({
      input: textStreamInputSchema.parse({ type: 'text', prompt: 'three' }),
    });
    for await (const event of stream) {
      streamed.push(event);
    }
    expect(streamed.at(-1)?.type).toBe('end');
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(
        call.events.filter((event) => event.type === 'attempt-start'),
      ).toHaveLength(2);
      expect(call.end?.outcome).toBe('success');
      expect(call.end?.upstreamMs).toBeLessThanOrEqual(
        call.end?.latencyMs ?? -1,
      );
    }
  });

  it('should count a hedged attempt’s time, which overlaps another’s, once', () => {
    const attempt = { provider: 'a', model: 'm', latencyMs: 100 };
    expect(
      upstreamMsOf([
        { ...attempt, outcome: 'error', code: 'server_error' },
        { ...attempt, outcome: 'error', code: 'cancelled', latencyMs: 300 },
        { ...attempt, outcome: 'success', latencyMs: 150, hedged: true },
        { ...attempt, outcome: 'skipped', latencyMs: 0 },
      ]),
    ).toBe(400);
  });
});
