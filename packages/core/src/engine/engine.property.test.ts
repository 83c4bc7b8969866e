import { fc, it } from '@fast-check/vitest';
import { afterEach, beforeEach, describe, expect, vi } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../errors/codes';
import type { RouteFailedError } from '../errors/route-failed-error';
import {
  attemptSchema,
  imageResultSchema,
  textResultSchema,
} from '../schemas/generate';
import {
  scriptedModels,
  testRoute,
  type Step,
} from '../__tests__/scripted-models';
import type { ImageModelResult, TextModelResult } from '../provider/contract';
import { backoffDelay } from './backoff';
import { createRoutingEngine } from './engine';
import { toImageResult, toTextResult } from './result';
import type { Route, RoutedCall } from './types';

const scriptableCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
  (code) => code !== 'cancelled',
);
const recoverableCodes = scriptableCodes.filter(
  (code) => ERROR_CODES[code].fallback,
);
const unrecoverableCodes = scriptableCodes.filter(
  (code) => !ERROR_CODES[code].fallback,
);

const instanceNames = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

const failStep = (codes: ErrorCode[]) =>
  fc.record(
    {
      kind: fc.constant('fail' as const),
      code: fc.constantFrom(...codes),
      retryAfterMs: fc.integer({ min: 0, max: 3_000 }),
      latencyMs: fc.integer({ min: 0, max: 500 }),
    },
    { requiredKeys: ['kind', 'code'] },
  );
const okStep = fc.record(
  {
    kind: fc.constant('ok' as const),
    latencyMs: fc.integer({ min: 0, max: 500 }),
  },
  { requiredKeys: ['kind'] },
);
const anyStep: fc.Arbitrary<Step> = fc.oneof(okStep, failStep(scriptableCodes));

const retrySettings = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 3 }),
  baseDelayMs: fc.integer({ min: 0, max: 200 }),
  maxDelayMs: fc.integer({ min: 200, max: 2_000 }),
  maxRetryAfterMs: fc.integer({ min: 0, max: 3_000 }),
});

/** A route over 1–5 targets with a script per target. */
const scenario = (step: fc.Arbitrary<Step> = anyStep, minTargets = 1) =>
  fc
    .record({
      count: fc.integer({ min: minTargets, max: instanceNames.length }),
      retry: retrySettings,
      scripts: fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), {
        minLength: instanceNames.length,
        maxLength: instanceNames.length,
      }),
    })
    .map(({ count, retry, scripts }) => {
      const instances = instanceNames.slice(0, count);
      return {
        instances,
        route: testRoute(instances, {
          retry,
          breaker: { failureThreshold: 100, halfOpenAfterMs: 1_000 },
        }),
        scripts: Object.fromEntries(
          instances.map((name, index) => [name, scripts[index] ?? []]),
        ),
      };
    });

const imageRequest = fc.record(
  {
    prompt: fc.string({ minLength: 1, maxLength: 200 }),
    negativePrompt: fc.string({ maxLength: 50 }),
    width: fc.integer({ min: 16, max: 2048 }),
    height: fc.integer({ min: 16, max: 2048 }),
    n: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 4_294_967_295 }),
    steps: fc.integer({ min: 1, max: 50 }),
    guidance: fc.double({ min: 0, max: 20, noNaN: true }),
    providerOptions: fc.dictionary(
      fc.constantFrom('openai', 'fal', 'local'),
      fc.dictionary(
        fc.string({ maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        { noNullPrototype: true },
      ),
      { noNullPrototype: true },
    ),
  },
  { requiredKeys: ['prompt'], noNullPrototype: true },
);

async function run(
  route: Route,
  scripts: Record<string, Step[]>,
  request = { prompt: 'p' },
) {
  const models = scriptedModels(scripts);
  const engine = createRoutingEngine({ resolveModel: models.resolveModel });
  const startedAt = Date.now();
  const pending = engine.executeImage({ route, request }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error: error as RouteFailedError,
    }),
  );
  await vi.runAllTimersAsync();
  return {
    outcome: await pending,
    models,
    engine,
    elapsed: Date.now() - startedAt,
  };
}

const realCalls = <TAttempt extends { outcome: string }>(
  attempts: TAttempt[],
) => attempts.filter((attempt) => attempt.outcome !== 'skipped');

describe('routing engine properties', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.prop([scenario()])(
    '(1) tries the first target first while its breaker is closed',
    async ({ route, scripts }) => {
      const { models } = await run(route, scripts);
      expect(models.log[0]?.instance).toBe(route.targets[0]?.instance);
    },
  );

  it.prop([scenario(anyStep, 2)])(
    '(1) skips the first target without calling it when its breaker is open',
    async ({ route, scripts }) => {
      const tripped: Route = {
        ...route,
        breaker: { failureThreshold: 1, halfOpenAfterMs: 60_000 },
        retry: { ...route.retry, maxAttempts: 1 },
      };
      const models = scriptedModels({
        ...scripts,
        [route.targets[0]?.instance ?? '']: [
          { kind: 'fail', code: 'server_error' },
        ],
      });
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const first = engine
        .executeImage({ route: tripped, request: { prompt: 'p' } })
        .catch(() => undefined);
      await vi.runAllTimersAsync();
      await first;
      const callsBefore = models.callsTo(route.targets[0]?.instance ?? '');
      const second = engine
        .executeImage({ route: tripped, request: { prompt: 'p' } })
        .then(
          (value) => value.attempts,
          (error: RouteFailedError) => error.attempts,
        );
      await vi.runAllTimersAsync();
      const attempts = await second;
      expect(attempts[0]).toMatchObject({
        outcome: 'skipped',
        reason: 'breaker-open',
      });
      expect(models.callsTo(route.targets[0]?.instance ?? '')).toBe(
        callsBefore,
      );
    },
  );

  it.prop([scenario()])(
    '(2) makes no call after a success',
    async ({ route, scripts }) => {
      const { outcome, models } = await run(route, scripts);
      if (!outcome.ok) return;
      const calls = realCalls(outcome.value.attempts);
      expect(
        calls.filter((attempt) => attempt.outcome === 'success'),
      ).toHaveLength(1);
      expect(calls.at(-1)?.outcome).toBe('success');
      expect(models.log).toHaveLength(calls.length);
    },
  );

  it.prop([scenario()])(
    '(3) always names the provider and model that served',
    async ({ route, scripts }) => {
      const { outcome } = await run(route, scripts);
      if (!outcome.ok) return;
      const last = outcome.value.attempts.at(-1);
      expect(outcome.value.provider).toBe(last?.provider);
      expect(outcome.value.model).toBe(last?.model);
      expect(route.targets).toContainEqual({
        instance: outcome.value.provider,
        model: outcome.value.model,
      });
      expect(outcome.value.fallbackUsed).toBe(
        outcome.value.provider !== route.targets[0]?.instance,
      );
    },
  );

  it.prop([scenario(anyStep, 2), fc.constantFrom(...recoverableCodes)])(
    '(4) moves on to the next target after every recoverable code',
    async ({ route, scripts }, code) => {
      const [first, second] = route.targets;
      const { outcome } = await run(route, {
        ...scripts,
        [first?.instance ?? '']: [{ kind: 'fail', code }],
        [second?.instance ?? '']: [{ kind: 'ok' }],
      });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe(second?.instance);
      expect(outcome.value.fallbackUsed).toBe(true);
    },
  );

  it.prop([scenario(anyStep, 2), fc.constantFrom(...unrecoverableCodes)])(
    '(5) never moves on after a code that does not fall back',
    async ({ route, scripts }, code) => {
      const [first] = route.targets;
      const { outcome, models } = await run(route, {
        ...scripts,
        [first?.instance ?? '']: [{ kind: 'fail', code }],
      });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.reason).toBe('not-recoverable');
      expect(outcome.error.code).toBe(code);
      expect(new Set(models.log.map((entry) => entry.instance))).toEqual(
        new Set([first?.instance]),
      );
    },
  );

  it.prop([scenario(), imageRequest])(
    '(6) passes the request to every target unchanged',
    async ({ route, scripts }, request) => {
      const original = structuredClone(request);
      const { models } = await run(route, scripts, request);
      expect(models.log.length).toBeGreaterThan(0);
      for (const entry of models.log)
        expect(entry.request).toStrictEqual(original);
    },
  );

  it.prop([scenario(failStep(recoverableCodes))])(
    '(7) lists every attempt of a total failure in order',
    async ({ route, scripts }) => {
      const { outcome, models } = await run(route, scripts);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      const calls = realCalls(outcome.error.attempts);
      expect(calls.map((attempt) => attempt.provider)).toEqual(
        models.log.map((entry) => entry.instance),
      );
      expect(calls.every((attempt) => attempt.outcome === 'error')).toBe(true);
      expect(outcome.error.errors).toHaveLength(calls.length);
    },
  );

  it.prop([scenario(failStep(['rate_limited']))])(
    '(8) reports the smallest wait when every target is rate limited',
    async ({ route, scripts }) => {
      const { outcome } = await run(route, scripts);
      if (outcome.ok) throw new Error('expected failure');
      expect(outcome.error.code).toBe('rate_limited');
      const waits = outcome.error.attempts.flatMap((attempt) =>
        attempt.retryAfterMs === undefined ? [] : [attempt.retryAfterMs],
      );
      expect(outcome.error.retryAfterMs).toBe(
        waits.length > 0 ? Math.min(...waits) : undefined,
      );
    },
  );

  it.prop([scenario()])(
    '(9) gives results and attempts that parse with the published schemas',
    async ({ route, scripts }) => {
      const { outcome } = await run(route, scripts);
      if (outcome.ok) {
        expect(() =>
          imageResultSchema.parse(
            toImageResult(outcome.value, { id: 'gen_1', microCredits: 0 }),
          ),
        ).not.toThrow();
      } else {
        for (const attempt of outcome.error.attempts)
          expect(() => attemptSchema.parse(attempt)).not.toThrow();
      }
    },
  );

  const generatedImage = fc.oneof(
    fc.record({
      base64: fc.base64String({ minLength: 4, maxLength: 64 }),
      mimeType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp'),
    }),
    fc.record(
      {
        url: fc.webUrl(),
        mimeType: fc.constantFrom('image/png', 'image/jpeg'),
        width: fc.integer({ min: 1, max: 4096 }),
        height: fc.integer({ min: 1, max: 4096 }),
        seed: fc.integer({ min: 0, max: 2 ** 31 }),
      },
      { requiredKeys: ['url', 'mimeType'] },
    ),
  );
  const warning = fc.record({
    type: fc.constantFrom('unsupported-setting' as const, 'other' as const),
    message: fc.string(),
  });
  const attempts = fc.constant<RoutedCall<unknown>['attempts']>([
    { provider: 'a', model: 'm', outcome: 'success' as const, latencyMs: 1 },
  ]);
  const call = <TValue>(value: fc.Arbitrary<TValue>) =>
    fc.record({
      value,
      provider: fc.constant('a'),
      model: fc.constant('m'),
      fallbackUsed: fc.boolean(),
      attempts,
      latencyMs: fc.nat(),
    }) as fc.Arbitrary<RoutedCall<TValue>>;

  it.prop([
    call<ImageModelResult>(
      fc.record({
        images: fc.array(generatedImage, { minLength: 1, maxLength: 4 }),
        warnings: fc.array(warning),
      }),
    ),
  ])('(10) turns any image model response into a valid result', (routed) => {
    expect(() =>
      imageResultSchema.parse(
        toImageResult(routed, { id: 'gen_1', microCredits: 5 }),
      ),
    ).not.toThrow();
  });

  it.prop([
    call<TextModelResult>(
      fc.record({
        text: fc.string(),
        finishReason: fc.constantFrom(
          'stop' as const,
          'length' as const,
          'content-filter' as const,
          'other' as const,
        ),
        usage: fc.record(
          { inputTokens: fc.nat(), outputTokens: fc.nat() },
          { requiredKeys: [] },
        ),
        warnings: fc.array(warning),
      }),
    ),
  ])('(10) turns any text model response into a valid result', (routed) => {
    expect(() =>
      textResultSchema.parse(
        toTextResult(routed, { id: 'gen_1', microCredits: 5 }),
      ),
    ).not.toThrow();
  });

  it.prop([scenario()])(
    'never calls a target more often than maxAttempts',
    async ({ route, scripts }) => {
      const { models } = await run(route, scripts);
      for (const target of route.targets) {
        expect(models.callsTo(target.instance)).toBeLessThanOrEqual(
          route.retry.maxAttempts,
        );
      }
    },
  );

  it.prop([scenario(), fc.integer({ min: 0, max: 3_000 })])(
    'starts no attempt after the caller aborts',
    async ({ route, scripts }, abortAfterMs) => {
      const models = scriptedModels(scripts);
      const engine = createRoutingEngine({ resolveModel: models.resolveModel });
      const controller = new AbortController();
      const startedAt = Date.now();
      setTimeout(() => controller.abort(), abortAfterMs);
      const pending = engine
        .executeImage({
          route,
          request: { prompt: 'p' },
          signal: controller.signal,
        })
        .then(
          () => 'succeeded',
          (error: RouteFailedError) => error.reason,
        );
      await vi.runAllTimersAsync();
      const result = await pending;
      const abortedAt = startedAt + abortAfterMs;
      for (const entry of models.log) {
        expect(entry.at).toBeLessThanOrEqual(abortedAt);
        const inFlightAtAbort = (entry.plannedSettleAt ?? Infinity) > abortedAt;
        if (inFlightAtAbort) expect(entry.signal.aborted).toBe(true);
      }
      if (result !== 'succeeded')
        expect([
          'cancelled',
          'not-recoverable',
          'all-targets-failed',
        ]).toContain(result);
    },
  );

  it.prop([
    scenario(
      fc
        .oneof(okStep, failStep(recoverableCodes))
        .map((step) => ({ ...step, latencyMs: (step.latencyMs ?? 0) * 10 })),
    ),
    fc.integer({ min: 100, max: 4_000 }),
    fc.integer({ min: 50, max: 3_000 }),
  ])(
    'keeps the whole call within its deadline in virtual time',
    async ({ route, scripts }, deadlineMs, timeoutMs) => {
      const { outcome, elapsed } = await run(
        { ...route, deadlineMs, timeoutMs },
        scripts,
      );
      expect(elapsed).toBeLessThanOrEqual(deadlineMs);
      if (!outcome.ok && outcome.error.reason === 'deadline')
        expect(outcome.error.code).toBe('timeout');
    },
  );

  it.prop([
    fc.record({
      retry: fc.integer({ min: 1, max: 20 }),
      settings: retrySettings,
      random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      retryAfterMs: fc.option(fc.integer({ min: 0, max: 60_000 }), {
        nil: undefined,
      }),
    }),
  ])(
    'keeps backoff between half and all of the exponential step, and never below Retry-After',
    ({ retry, settings, random, retryAfterMs }) => {
      const delay = backoffDelay({
        retry,
        settings,
        random: () => random,
        retryAfterMs,
      });
      const step = Math.min(
        settings.maxDelayMs,
        settings.baseDelayMs * 2 ** (retry - 1),
      );
      expect(delay).toBeGreaterThanOrEqual(
        Math.max(Math.floor(step / 2), retryAfterMs ?? 0),
      );
      expect(delay).toBeLessThanOrEqual(Math.max(step, retryAfterMs ?? 0));
    },
  );
});
