import { formatTarget } from './route';
import { decisionFor, ERROR_CODES } from '../errors/codes';
import {
  RouteFailedError,
  type FailureReason,
} from '../errors/route-failed-error';
import { SwitchyardError, toSwitchyardError } from '../errors/switchyard-error';
import type {
  ImageModelResult,
  Model,
  TextModelResult,
} from '../provider/contract';
import type { Attempt } from '../schemas/generate';
import {
  checkedTextStream,
  checkImageResult,
  checkTextResult,
} from '../results/check-result';
import { backoffDelay } from './backoff';
import { CircuitBreaker } from './circuit-breaker';
import type { TextStreamStart } from './types';
import { HealthTracker } from './health';
import { runAttempt, sleep } from './run-attempt';
import type {
  BreakerState,
  EngineEvent,
  ExecuteOptions,
  Route,
  RoutedCall,
  RouteTarget,
  RoutingEngine,
  RoutingEngineOptions,
  TargetHealth,
} from './types';

const DEFAULT_HEALTH_WINDOW = 100;

/**
 * Creates the routing engine: for each call it walks the route's targets in
 * order, skipping targets whose breaker is open, retrying a target with
 * backoff (honouring Retry-After up to the route's cap) while the error is
 * retryable, and falling back to the next target while the error's code
 * allows it. One deadline bounds the whole call; the caller's signal aborts
 * the attempt in flight and starts no other.
 *
 * @example
 * const engine = createRoutingEngine({ resolveModel: (target, kind) => … });
 * const call = await engine.executeImage({ route, request: { prompt: 'a fox' } });
 */
export function createRoutingEngine(
  options: RoutingEngineOptions,
): RoutingEngine {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const breakers = new Map<string, BreakerEntry>();
  const shared = options.sharedBreakers;
  const health = new HealthTracker(
    options.healthWindow ?? DEFAULT_HEALTH_WINDOW,
  );
  const listeners = new Set<(event: EngineEvent) => void>();

  function emitToListeners(event: EngineEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // An observer's bug must not break a call.
      }
    }
  }

  function breakerFor(route: Route, target: RouteTarget): CircuitBreaker {
    const key = formatTarget(target);
    let entry = breakers.get(key);
    if (entry === undefined) {
      entry = {
        breaker: new CircuitBreaker(route.breaker),
        target,
        reported: 'closed',
        syncedAt: Number.NEGATIVE_INFINITY,
      };
      breakers.set(key, entry);
    }
    adoptSharedChange(key, entry);
    return entry.breaker;
  }

  /** Takes on a newer open or close another replica published for this target. */
  function adoptSharedChange(key: string, entry: BreakerEntry): void {
    const change = shared?.get(key);
    if (change === undefined || change.changedAt <= entry.syncedAt) return;
    withStateEvents(entry.target, entry.breaker, () =>
      entry.breaker.adopt(change),
    );
    entry.syncedAt = change.changedAt;
  }

  /**
   * Runs `change` on a target's breaker and reports a state change since the
   * last report (an open breaker turns half-open by time alone, so the change
   * is seen when it is next used).
   */
  function withStateEvents<TValue>(
    target: RouteTarget,
    breaker: CircuitBreaker,
    change: () => TValue,
  ): TValue {
    const key = formatTarget(target);
    const before = breaker.toJSON().state;
    const value = change();
    const entry = breakers.get(key);
    const after = breaker.toJSON();
    if (shared !== undefined && entry && after.state !== before) {
      if (after.state === 'open' || after.state === 'closed') {
        const changedAt = now();
        entry.syncedAt = changedAt;
        shared.publish(key, {
          state: after.state,
          openedAt: after.openedAt,
          changedAt,
        });
      }
    }
    const state = breaker.stateAt(now());
    if (entry && entry.reported !== state) {
      emitToListeners({
        type: 'breaker-state-change',
        target,
        from: entry.reported,
        to: state,
      });
      entry.reported = state;
    }
    return value;
  }

  async function execute<TValue>(
    execution: ExecuteOptions<unknown>,
    call: (
      model: Model,
      signal: AbortSignal,
      target: RouteTarget,
    ) => Promise<TValue>,
  ): Promise<RoutedCall<TValue>> {
    const { route, signal } = execution;
    const emit = (event: EngineEvent) => {
      emitToListeners(event);
      if (execution.onEvent === undefined) return;
      try {
        execution.onEvent(event);
      } catch {
        // An observer's bug must not break a call.
      }
    };
    const startedAt = now();
    const deadline = startedAt + route.deadlineMs;
    const attempts: Attempt[] = [];
    const errors: SwitchyardError[] = [];
    const fail = (reason: FailureReason): never => {
      throw new RouteFailedError({ reason, attempts, errors });
    };

    if (route.targets.length === 0) fail('no-targets');
    // Set when an attempt timed out because the deadline, not the per-attempt
    // timeout, cut it short: the call then failed for lack of time.
    let deadlineCutShort = false;

    for (const [index, target] of route.targets.entries()) {
      const next = route.targets[index + 1];
      const moveOn = (reason: string) => {
        if (next)
          emit({
            type: 'fallback',
            route: route.name,
            from: target,
            to: next,
            reason,
          });
      };
      if (signal?.aborted) fail('cancelled');
      const breaker = breakerFor(route, target);
      if (execution.admitTarget !== undefined) {
        const verdict = await execution.admitTarget(target);
        if (verdict !== undefined) {
          attempts.push({
            provider: target.instance,
            model: target.model,
            outcome: 'skipped',
            reason: verdict.skip,
            latencyMs: 0,
          });
          moveOn(verdict.skip);
          continue;
        }
      }

      for (let attempt = 1; attempt <= route.retry.maxAttempts; attempt += 1) {
        if (signal?.aborted) fail('cancelled');
        const remaining = deadline - now();
        if (remaining <= 0) fail('deadline');
        if (
          !withStateEvents(target, breaker, () => breaker.tryAcquire(now()))
        ) {
          attempts.push({
            provider: target.instance,
            model: target.model,
            outcome: 'skipped',
            reason: 'breaker-open',
            latencyMs: 0,
          });
          moveOn('breaker-open');
          break;
        }

        emit({ type: 'attempt-start', route: route.name, target, attempt });
        const attemptStartedAt = now();
        const timeoutMs = Math.min(route.timeoutMs, remaining);
        try {
          const value = await runAttempt({
            call: (attemptSignal) =>
              call(
                options.resolveModel(target, route.kind),
                attemptSignal,
                target,
              ),
            timeoutMs,
            callerSignal: signal,
            provider: target.instance,
          });
          const latencyMs = now() - attemptStartedAt;
          withStateEvents(target, breaker, () => breaker.recordSuccess());
          health.record(formatTarget(target), {
            ok: true,
            latencyMs,
            at: now(),
          });
          attempts.push({
            provider: target.instance,
            model: target.model,
            outcome: 'success',
            latencyMs,
          });
          emit({
            type: 'attempt-end',
            route: route.name,
            target,
            attempt,
            outcome: 'success',
            latencyMs,
          });
          return {
            value,
            provider: target.instance,
            model: target.model,
            fallbackUsed: index > 0,
            attempts,
            latencyMs: now() - startedAt,
          };
        } catch (thrown) {
          const error = toSwitchyardError(thrown, target.instance);
          const latencyMs = now() - attemptStartedAt;
          recordFailure({ target, breaker, error, latencyMs });
          errors.push(error);
          attempts.push({
            provider: target.instance,
            model: target.model,
            outcome: 'error',
            code: error.code,
            status: error.statusCode,
            message: error.message,
            latencyMs,
            retryAfterMs: error.retryAfterMs,
          });
          emit({
            type: 'attempt-end',
            route: route.name,
            target,
            attempt,
            outcome: 'error',
            code: error.code,
            status: error.statusCode,
            latencyMs,
            retryAfterMs: error.retryAfterMs,
          });
          if (error.code === 'cancelled' || signal?.aborted) fail('cancelled');
          deadlineCutShort =
            error.code === 'timeout' && timeoutMs < route.timeoutMs;

          const delayMs = retryDelay({ route, error, attempt, breaker });
          if (delayMs !== undefined && now() + delayMs < deadline) {
            emit({
              type: 'retry',
              route: route.name,
              target,
              attempt,
              delayMs,
              code: error.code,
            });
            try {
              await sleep(delayMs, signal);
            } catch {
              fail('cancelled');
            }
            continue;
          }
          if (!decisionFor(error.code, route.decisions).fallback) {
            fail('not-recoverable');
          }
          moveOn(error.code);
          break;
        }
      }
    }
    return fail(deadlineCutShort ? 'deadline' : 'all-targets-failed');
  }

  function recordFailure(failure: {
    target: RouteTarget;
    breaker: CircuitBreaker;
    error: SwitchyardError;
    latencyMs: number;
  }): void {
    const { target, breaker, error } = failure;
    withStateEvents(target, breaker, () => {
      if (ERROR_CODES[error.code].tripsBreaker) breaker.recordFailure(now());
      else breaker.release();
    });
    if (error.code !== 'cancelled') {
      health.record(formatTarget(target), {
        ok: false,
        latencyMs: failure.latencyMs,
        code: error.code,
        at: now(),
      });
    }
  }

  /** The wait before retrying this target, or undefined when it should not be retried. */
  function retryDelay(context: {
    route: Route;
    error: SwitchyardError;
    attempt: number;
    breaker: CircuitBreaker;
  }): number | undefined {
    const { route, error, attempt, breaker } = context;
    const retryable =
      route.decisions?.[error.code]?.retryable ?? error.isRetryable;
    if (!retryable || attempt >= route.retry.maxAttempts) return undefined;
    if (breaker.stateAt(now()) !== 'closed') return undefined;
    if (
      error.retryAfterMs !== undefined &&
      error.retryAfterMs > route.retry.maxRetryAfterMs
    ) {
      return undefined;
    }
    return backoffDelay({
      retry: attempt,
      settings: route.retry,
      random,
      retryAfterMs: error.retryAfterMs,
    });
  }

  return {
    executeImage: (execution) =>
      // A result that fails the check is the attempt's error: it is retried
      // and falls back like a 5xx, and nothing invalid leaves the engine.
      execute<ImageModelResult>(execution, async (model, signal, target) => {
        if (model.kind !== 'image') throw wrongKind(model, 'image');
        const result: unknown = await model.generate(execution.request, {
          signal,
          headers: execution.headers,
          task: execution.taskHooks?.(target),
        });
        return checkImageResult({
          result,
          request: execution.request,
          capabilities: model.capabilities,
          provider: model.provider,
        });
      }),
    executeText: (execution) =>
      execute<TextModelResult>(execution, async (model, signal) => {
        if (model.kind !== 'text') throw wrongKind(model, 'text');
        const result: unknown = await model.generate(execution.request, {
          signal,
          headers: execution.headers,
        });
        return checkTextResult({ result, provider: model.provider });
      }),
    executeTextStream: (execution) =>
      execute<TextStreamStart>(execution, async (model, attemptSignal) => {
        if (model.kind !== 'text') throw wrongKind(model, 'text');
        if (model.stream === undefined) {
          throw new SwitchyardError({
            code: 'unsupported',
            provider: model.provider,
            message: `${model.provider}:${model.modelId} cannot stream; route streams to models whose capabilities say streaming.`,
          });
        }
        // The attempt's signal covers the wait for the first part; the
        // caller's keeps covering the rest of the stream after it.
        const streamSignal =
          execution.signal === undefined
            ? attemptSignal
            : AbortSignal.any([attemptSignal, execution.signal]);
        const streamed = await model.stream(execution.request, {
          signal: streamSignal,
          headers: execution.headers,
        });
        const rest = checkedTextStream(
          streamed.parts[Symbol.asyncIterator](),
          model.provider,
        );
        try {
          const first = await rest.next();
          if (first.done === true) {
            throw new SwitchyardError({
              code: 'invalid_response',
              provider: model.provider,
              message: `${model.provider} ended the stream before any part of an answer.`,
            });
          }
          return { first: first.value, rest, warnings: streamed.warnings };
        } catch (error) {
          await rest.return?.();
          throw error;
        }
      }),
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    health(): TargetHealth[] {
      return [...breakers.entries()].map(([key, entry]) => {
        adoptSharedChange(key, entry);
        return {
          target: entry.target,
          breaker: entry.breaker.stateAt(now()),
          ...health.stats(key),
        };
      });
    },
    breakerState(target, route): BreakerState {
      const key = formatTarget(target);
      if (route !== undefined) return breakerFor(route, target).stateAt(now());
      const entry = breakers.get(key);
      if (entry === undefined) return 'closed';
      adoptSharedChange(key, entry);
      return entry.breaker.stateAt(now());
    },
  };
}

interface BreakerEntry {
  breaker: CircuitBreaker;
  target: RouteTarget;
  /** The state last announced in a `breaker-state-change` event. */
  reported: BreakerState;
  /** `changedAt` of the newest shared change adopted or published here. */
  syncedAt: number;
}

function wrongKind(model: Model, wanted: Model['kind']): SwitchyardError {
  return new SwitchyardError({
    code: 'unsupported',
    provider: model.provider,
    message: `${model.provider}:${model.modelId} is a ${model.kind} model; this route needs a ${wanted} model.`,
  });
}
