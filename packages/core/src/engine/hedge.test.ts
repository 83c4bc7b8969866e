import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteFailedError } from '../errors/route-failed-error';
import type {
  ImageModelResult,
  ImageTaskModel,
  Model,
} from '../provider/contract';
import { taskModelToImageModel } from '../provider/image-task-model';
import { PNG_16X16 } from '../__tests__/image-samples';
import {
  scriptedModels,
  testRoute,
  type Step,
} from '../__tests__/scripted-models';
import { createRoutingEngine } from './engine';
import type { EngineEvent, ExecuteOptions, Route, RouteTarget } from './types';
import type { ImageRequest } from '../schemas/image';

const request = { prompt: 'a lighthouse at dusk', width: 512, height: 512 };

/** One call per target, no retry. */
const ONE_ATTEMPT = {
  maxAttempts: 1,
  baseDelayMs: 1,
  maxDelayMs: 1,
  maxRetryAfterMs: 0,
};

/** Estimated prices per instance, in micro-credits. */
const PRICES: Record<string, number> = { a: 50, b: 70, c: 90 };
const estimateCost = (target: RouteTarget) => PRICES[target.instance];

/** A route over `instances` whose first attempt is hedged after 100 ms. */
function hedgedRoute(
  instances: string[],
  overrides: Partial<Route> = {},
): Route {
  return testRoute(instances, {
    retry: ONE_ATTEMPT,
    hedge: { afterMs: 100 },
    ...overrides,
  });
}

/** Runs an image call under fake timers, with its events. */
async function runImage(options: {
  scripts: Record<string, Step[]>;
  route: Route;
  /** Models that replace the scripted ones, per instance. */
  models?: Record<string, Model>;
  execution?: Partial<ExecuteOptions<ImageRequest>>;
}) {
  const scripted = scriptedModels(options.scripts);
  const engine = createRoutingEngine({
    resolveModel: (target) =>
      options.models?.[target.instance] ?? scripted.resolveModel(target),
  });
  const events: EngineEvent[] = [];
  const startedAt = Date.now();
  const outcome = engine
    .executeImage({
      route: options.route,
      request,
      estimateCost,
      onEvent: (event) => events.push(event),
      ...options.execution,
    })
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  await vi.runAllTimersAsync();
  return { outcome: await outcome, events, scripted, startedAt };
}

/** What each attempt of a call says, in order. */
const summary = (attempts: ReadonlyArray<Record<string, unknown>>) =>
  attempts.map((attempt) => ({
    provider: attempt.provider,
    outcome: attempt.outcome,
    code: attempt.code,
    hedged: attempt.hedged,
    gatewayCostMicroCredits: attempt.gatewayCostMicroCredits,
  }));

const hedgeEvents = (events: EngineEvent[]) =>
  events.filter((event) => event.type === 'hedge');

/** A task model that runs until `succeedAfterPolls` polls, with or without a cancel. */
function queueModel(options: {
  provider: string;
  succeedAfterPolls: number;
  cancellable: boolean;
}) {
  let polls = 0;
  const result: ImageModelResult = {
    images: [{ base64: PNG_16X16, mimeType: 'image/png' }],
    warnings: [],
  };
  const cancel = vi.fn(() => Promise.resolve());
  const submit = vi.fn(() => Promise.resolve({ taskId: 'task-1' }));
  const taskModel: ImageTaskModel = {
    provider: options.provider,
    modelId: `${options.provider}-model`,
    submit,
    status: () => {
      polls += 1;
      return Promise.resolve(
        polls >= options.succeedAfterPolls
          ? { state: 'succeeded' as const, result }
          : { state: 'running' as const },
      );
    },
    ...(options.cancellable ? { cancel } : {}),
  };
  const model = taskModelToImageModel({
    taskModel,
    capabilities: {
      maxImagesPerCall: 4,
      sizes: { minWidth: 16, maxWidth: 2048, minHeight: 16, maxHeight: 2048 },
      seed: true,
      negativePrompt: true,
    },
    pollIntervalMs: 100,
  });
  return { model, cancel, submit };
}

describe('createRoutingEngine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('executeImage with a hedge', () => {
    it('should start the next target after afterMs, let it win, and cancel the slow first at its estimated price', async () => {
      const { outcome, events, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'ok', latencyMs: 1_000 }],
          b: [{ kind: 'ok', latencyMs: 20 }],
        },
        route: hedgedRoute(['a', 'b', 'c']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value).toMatchObject({
        provider: 'b',
        fallbackUsed: true,
      });
      expect(summary(outcome.value.attempts)).toEqual([
        {
          provider: 'a',
          outcome: 'error',
          code: 'cancelled',
          hedged: undefined,
          gatewayCostMicroCredits: 50,
        },
        {
          provider: 'b',
          outcome: 'success',
          code: undefined,
          hedged: true,
          gatewayCostMicroCredits: undefined,
        },
      ]);
      const [first, second] = scripted.log;
      expect(first?.signal.aborted).toBe(true);
      expect(second?.signal.aborted).toBe(false);
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(100);
      expect(hedgeEvents(events)).toEqual([
        {
          type: 'hedge',
          route: 'image',
          from: { instance: 'a', model: 'a-model' },
          to: { instance: 'b', model: 'b-model' },
          afterMs: 100,
        },
      ]);
      expect(scripted.callsTo('c')).toBe(0);
    });

    it('should keep the first when it answers before the hedge does, and cancel the hedge', async () => {
      const { outcome, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'ok', latencyMs: 150 }],
          b: [{ kind: 'ok', latencyMs: 1_000 }],
        },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value).toMatchObject({
        provider: 'a',
        fallbackUsed: false,
      });
      expect(summary(outcome.value.attempts)).toEqual([
        {
          provider: 'b',
          outcome: 'error',
          code: 'cancelled',
          hedged: true,
          gatewayCostMicroCredits: 70,
        },
        {
          provider: 'a',
          outcome: 'success',
          code: undefined,
          hedged: undefined,
          gatewayCostMicroCredits: undefined,
        },
      ]);
      expect(scripted.log[1]?.signal.aborted).toBe(true);
    });

    it('should not hedge a first target that answers within afterMs', async () => {
      const { outcome, events, scripted } = await runImage({
        scripts: { a: [{ kind: 'ok', latencyMs: 90 }] },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(summary(outcome.value.attempts)).toEqual([
        expect.objectContaining({ provider: 'a', hedged: undefined }),
      ]);
      expect(scripted.callsTo('b')).toBe(0);
      expect(hedgeEvents(events)).toEqual([]);
    });

    it('should fall back as usual from a first target that fails before afterMs, hedging no later attempt', async () => {
      const { outcome, events, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'fail', code: 'server_error', latencyMs: 20 }],
          b: [{ kind: 'ok', latencyMs: 500 }],
        },
        route: hedgedRoute(['a', 'b', 'c']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(summary(outcome.value.attempts)).toEqual([
        expect.objectContaining({ provider: 'a', code: 'server_error' }),
        expect.objectContaining({
          provider: 'b',
          outcome: 'success',
          hedged: undefined,
        }),
      ]);
      expect(scripted.callsTo('c')).toBe(0);
      expect(hedgeEvents(events)).toEqual([]);
    });

    it('should keep the other attempt running when one fails', async () => {
      const { outcome, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'ok', latencyMs: 300 }],
          b: [{ kind: 'fail', code: 'server_error', latencyMs: 50 }],
        },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(summary(outcome.value.attempts)).toEqual([
        expect.objectContaining({
          provider: 'b',
          code: 'server_error',
          hedged: true,
          gatewayCostMicroCredits: undefined,
        }),
        expect.objectContaining({ provider: 'a', outcome: 'success' }),
      ]);
      expect(scripted.log[0]?.signal.aborted).toBe(false);
    });

    it('should go on to the following target when both fail', async () => {
      const { outcome, events } = await runImage({
        scripts: {
          a: [{ kind: 'fail', code: 'server_error', latencyMs: 300 }],
          b: [{ kind: 'fail', code: 'overloaded', latencyMs: 100 }],
        },
        route: hedgedRoute(['a', 'b', 'c']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('c');
      expect(summary(outcome.value.attempts)).toEqual([
        expect.objectContaining({ provider: 'b', code: 'overloaded' }),
        expect.objectContaining({ provider: 'a', code: 'server_error' }),
        expect.objectContaining({ provider: 'c', outcome: 'success' }),
      ]);
      expect(
        events
          .filter((event) => event.type === 'fallback')
          .map((event) => [event.from.instance, event.to.instance]),
      ).toEqual([
        ['a', 'b'],
        ['b', 'c'],
      ]);
    });

    it('should retry the first target as its decision says when both fail', async () => {
      const { outcome, scripted } = await runImage({
        scripts: {
          a: [
            { kind: 'fail', code: 'server_error', latencyMs: 300 },
            { kind: 'ok' },
          ],
          b: [{ kind: 'fail', code: 'invalid_response', latencyMs: 100 }],
        },
        route: hedgedRoute(['a', 'b'], {
          retry: { ...ONE_ATTEMPT, maxAttempts: 2 },
        }),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(scripted.callsTo('a')).toBe(2);
      expect(scripted.callsTo('b')).toBe(1);
    });

    it('should fail as cancelled, both attempts aborted, when the caller aborts', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const { outcome, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'ok', latencyMs: 1_000 }],
          b: [{ kind: 'ok', latencyMs: 1_000 }],
        },
        route: hedgedRoute(['a', 'b', 'c']),
        execution: { signal: controller.signal },
      });
      if (outcome.ok) throw new Error('expected the call to fail');
      expect(RouteFailedError.isInstance(outcome.error)).toBe(true);
      expect(outcome.error).toMatchObject({ reason: 'cancelled' });
      expect(scripted.log.map((entry) => entry.signal.aborted)).toEqual([
        true,
        true,
      ]);
      expect(scripted.callsTo('c')).toBe(0);
    });

    it('should not hedge a call with task hooks (a durable job)', async () => {
      const { outcome, scripted } = await runImage({
        scripts: { a: [{ kind: 'ok', latencyMs: 1_000 }] },
        route: hedgedRoute(['a', 'b']),
        execution: { taskHooks: () => undefined },
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(scripted.callsTo('b')).toBe(0);
    });

    it('should not hedge to a task model that cannot cancel its task', async () => {
      const queue = queueModel({
        provider: 'b',
        succeedAfterPolls: 1,
        cancellable: false,
      });
      const { outcome, events } = await runImage({
        scripts: { a: [{ kind: 'ok', latencyMs: 1_000 }] },
        models: { b: queue.model },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(queue.submit).not.toHaveBeenCalled();
      expect(hedgeEvents(events)).toEqual([]);
    });

    it('should not hedge a first target that is a task model that cannot cancel', async () => {
      const queue = queueModel({
        provider: 'a',
        succeedAfterPolls: 5,
        cancellable: false,
      });
      const { outcome, scripted } = await runImage({
        scripts: {},
        models: { a: queue.model },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('a');
      expect(scripted.callsTo('b')).toBe(0);
    });

    it('should cancel the losing task at the provider when its model can', async () => {
      const queue = queueModel({
        provider: 'a',
        succeedAfterPolls: 50,
        cancellable: true,
      });
      const { outcome } = await runImage({
        scripts: { b: [{ kind: 'ok', latencyMs: 10 }] },
        models: { a: queue.model },
        route: hedgedRoute(['a', 'b']),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(queue.cancel).toHaveBeenCalledWith('task-1', expect.anything());
    });

    it.each([
      { name: 'above maxExtraCost', maxExtraCost: 60, prices: PRICES },
      { name: 'unpriced', maxExtraCost: 1_000, prices: { a: 50 } },
    ])(
      'should not hedge to a target whose estimated price is $name',
      async ({ maxExtraCost, prices }) => {
        const { outcome, scripted } = await runImage({
          scripts: { a: [{ kind: 'ok', latencyMs: 1_000 }] },
          route: hedgedRoute(['a', 'b'], {
            hedge: { afterMs: 100, maxExtraCost },
          }),
          execution: {
            estimateCost: (target) => prices[target.instance],
          },
        });
        if (!outcome.ok) throw outcome.error;
        expect(outcome.value.provider).toBe('a');
        expect(scripted.callsTo('b')).toBe(0);
      },
    );

    it('should hedge to a target priced within maxExtraCost', async () => {
      const { outcome } = await runImage({
        scripts: { a: [{ kind: 'ok', latencyMs: 1_000 }] },
        route: hedgedRoute(['a', 'b'], {
          hedge: { afterMs: 100, maxExtraCost: 70 },
        }),
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
    });

    it('should hedge to the next target it may use, recording the skipped ones', async () => {
      const { outcome, scripted } = await runImage({
        scripts: {
          a: [{ kind: 'fail', code: 'server_error', latencyMs: 1_000 }],
          c: [{ kind: 'fail', code: 'server_error', latencyMs: 10 }],
        },
        route: hedgedRoute(['a', 'b', 'c', 'd']),
        execution: {
          admitTarget: (target) =>
            Promise.resolve(
              target.instance === 'b' ? { skip: 'budget' } : undefined,
            ),
        },
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('d');
      expect(summary(outcome.value.attempts)).toEqual([
        expect.objectContaining({ provider: 'b', outcome: 'skipped' }),
        expect.objectContaining({ provider: 'c', hedged: true }),
        expect.objectContaining({ provider: 'a', code: 'server_error' }),
        expect.objectContaining({ provider: 'd', outcome: 'success' }),
      ]);
      expect(scripted.callsTo('c')).toBe(1);
    });
  });
});
