import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Model, TextModelResult } from '../../provider/contract';
import {
  scriptedModels,
  testRoute,
  type Step,
} from '../../__tests__/scripted-models';
import { createRoutingEngine } from '../engine';
import type { ModelResolver, RoutingEngine } from '../types';

const request = { prompt: 'a lighthouse at dusk', width: 512, height: 512 };
const a = { instance: 'a', model: 'a-model' };
const ONE_ATTEMPT = {
  maxAttempts: 1,
  baseDelayMs: 1,
  maxDelayMs: 1,
  maxRetryAfterMs: 0,
};

/** An engine over scripted image models at `a`, one attempt per call. */
function engineWith(step: Step) {
  const models = scriptedModels({ a: [step] });
  return createRoutingEngine({ resolveModel: models.resolveModel });
}

/** Starts a call at `a`, checks it is counted in flight, then lets it settle. */
async function runCounted(
  engine: RoutingEngine,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
) {
  const call = engine
    .executeImage({
      route: testRoute(['a'], {
        retry: ONE_ATTEMPT,
        timeoutMs: options.timeoutMs ?? 5_000,
      }),
      request,
      signal: options.signal,
    })
    .then(
      () => 'served',
      () => 'failed',
    );
  await vi.advanceTimersByTimeAsync(10);
  expect(engine.targetStats(a, 'image').inFlight).toBe(1);
  await vi.runAllTimersAsync();
  return call;
}

describe('createRoutingEngine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('targetStats', () => {
    it('should know nothing of a target before a call', () => {
      const engine = engineWith({ kind: 'ok' });
      expect(engine.targetStats(a, 'image')).toEqual({
        samples: 0,
        inFlight: 0,
      });
    });

    it('should count a call in flight until it succeeds, and record its latency', async () => {
      const engine = engineWith({ kind: 'ok', latencyMs: 120 });
      expect(await runCounted(engine)).toBe('served');
      expect(engine.targetStats(a, 'image')).toEqual({
        latencyMs: 120,
        samples: 1,
        inFlight: 0,
      });
    });

    it('should count a failed call out, recording the latency of one that used its time', async () => {
      const engine = engineWith({
        kind: 'fail',
        code: 'server_error',
        latencyMs: 300,
      });
      expect(await runCounted(engine)).toBe('failed');
      expect(engine.targetStats(a, 'image')).toEqual({
        latencyMs: 300,
        samples: 1,
        inFlight: 0,
      });
    });

    it('should not record the latency of a quick refusal', async () => {
      const engine = engineWith({
        kind: 'fail',
        code: 'rate_limited',
        latencyMs: 20,
      });
      expect(await runCounted(engine)).toBe('failed');
      expect(engine.targetStats(a, 'image')).toEqual({
        samples: 0,
        inFlight: 0,
      });
    });

    it('should count out an attempt that timed out, even if its model never settles', async () => {
      const scripted = scriptedModels({});
      const hanging: ModelResolver = (target) =>
        target.instance === 'a'
          ? {
              ...scripted.resolveModel(target),
              generate: () => new Promise<never>(() => undefined),
            }
          : scripted.resolveModel(target);
      const engine = createRoutingEngine({ resolveModel: hanging });
      const call = engine.executeImage({
        route: testRoute(['a', 'b'], { retry: ONE_ATTEMPT, timeoutMs: 1_000 }),
        request,
      });
      await vi.advanceTimersByTimeAsync(10);
      expect(engine.targetStats(a, 'image').inFlight).toBe(1);
      await vi.runAllTimersAsync();
      // b served the call: a's attempt is over, though its promise never settles.
      expect((await call).provider).toBe('b');
      expect(engine.targetStats(a, 'image')).toEqual({
        latencyMs: 1_000,
        samples: 1,
        inFlight: 0,
      });
    });

    it('should count out a call the caller aborts, without recording its latency', async () => {
      const engine = engineWith({ kind: 'ok', latencyMs: 5_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      expect(await runCounted(engine, { signal: controller.signal })).toBe(
        'failed',
      );
      expect(engine.targetStats(a, 'image')).toEqual({
        samples: 0,
        inFlight: 0,
      });
    });

    it('should count each concurrent call, and every retry once', async () => {
      const models = scriptedModels({
        a: [
          { kind: 'fail', code: 'overloaded', latencyMs: 50 },
          { kind: 'ok', latencyMs: 50 },
        ],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const route = testRoute(['a']);
      const calls = [1, 2, 3].map(() =>
        engine.executeImage({ route, request }).catch(() => undefined),
      );
      await vi.advanceTimersByTimeAsync(10);
      expect(engine.targetStats(a, 'image').inFlight).toBe(3);
      await vi.runAllTimersAsync();
      await Promise.all(calls);
      expect(engine.targetStats(a, 'image').inFlight).toBe(0);
      expect(engine.targetStats(a, 'image').samples).toBe(4);
    });

    it("should fade old latencies at the calling route's decayMs", async () => {
      const models = scriptedModels({
        a: [
          { kind: 'ok', latencyMs: 1_000 },
          { kind: 'ok', latencyMs: 100 },
        ],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const route = testRoute(['a'], {
        retry: ONE_ATTEMPT,
        fastest: { minSamples: 2, decayMs: 100 },
      });
      for (let call = 0; call < 2; call += 1) {
        const served = engine.executeImage({ route, request });
        await vi.runAllTimersAsync();
        await served;
      }
      // 100 ms after the 1 s peak, at a 100 ms decay: 1000/e + 100 (1 - 1/e).
      const weight = Math.exp(-1);
      expect(engine.targetStats(a, 'image').latencyMs).toBeCloseTo(
        1_000 * weight + 100 * (1 - weight),
        6,
      );
    });

    it('should keep latency per kind of call', async () => {
      const imageModels = scriptedModels({
        a: [{ kind: 'ok', latencyMs: 40 }],
      });
      const textModel: Model = {
        kind: 'text',
        provider: 'a',
        modelId: 'a-model',
        capabilities: { streaming: false, seed: false },
        generate: async (): Promise<TextModelResult> => {
          await new Promise((resolve) => setTimeout(resolve, 900));
          return {
            text: 'hello',
            finishReason: 'stop',
            usage: { inputTokens: 1, outputTokens: 1 },
            warnings: [],
          };
        },
      };
      const engine = createRoutingEngine({
        resolveModel: (target, kind) =>
          kind === 'text' ? textModel : imageModels.resolveModel(target),
      });
      const route = testRoute(['a'], { retry: ONE_ATTEMPT });
      const image = engine.executeImage({ route, request });
      const text = engine.executeText({
        route: { ...route, name: 'text', kind: 'text' },
        request: { prompt: 'hi' },
      });
      await vi.runAllTimersAsync();
      await Promise.all([image, text]);
      expect(engine.targetStats(a, 'image')).toMatchObject({
        latencyMs: 40,
        samples: 1,
      });
      expect(engine.targetStats(a, 'text')).toMatchObject({
        latencyMs: 900,
        samples: 1,
      });
      expect(engine.targetStats(a, 'video')).toEqual({
        samples: 0,
        inFlight: 0,
      });
    });
  });
});
