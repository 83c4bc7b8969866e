import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteFailedError } from '../errors/route-failed-error';
import type { Model, TextModel, TextStreamPart } from '../provider/contract';
import { testRoute } from '../__tests__/scripted-models';
import { createRoutingEngine } from './engine';
import type { EngineEvent, Route } from './types';

/** One stream call: its signal and the clock time it started. */
interface StreamCall {
  signal: AbortSignal;
  at: number;
}

/** A text model whose stream answers at once, then sends its parts only when `silent` is false. */
function streamingModel(
  provider: string,
  options: { silent: boolean; calls: StreamCall[] },
): TextModel {
  const parts: TextStreamPart[] = [
    { type: 'text-delta', text: 'Hello' },
    { type: 'text-end', finishReason: 'stop', usage: {} },
  ];
  return {
    kind: 'text',
    provider,
    modelId: `${provider}-model`,
    capabilities: { streaming: true, seed: false },
    generate: () => Promise.reject(new Error('not used')),
    stream: (_request, callOptions) => {
      const signal = callOptions.signal ?? new AbortController().signal;
      options.calls.push({ signal, at: Date.now() });
      const next = (): Promise<IteratorResult<TextStreamPart>> => {
        if (!options.silent) {
          const part = parts.shift();
          return Promise.resolve(
            part === undefined
              ? { done: true, value: undefined }
              : { done: false, value: part },
          );
        }
        // Headers came, but no part ever does: only the abort ends the wait.
        return new Promise((_resolve, reject) => {
          signal.addEventListener(
            'abort',
            () => reject(new DOMException('aborted', 'AbortError')),
            {
              once: true,
            },
          );
        });
      };
      return Promise.resolve({
        warnings: [],
        parts: { [Symbol.asyncIterator]: () => ({ next }) },
      });
    },
  };
}

function textRoute(overrides: Partial<Route>): Route {
  return testRoute(['a', 'b'], {
    kind: 'text',
    name: 'text',
    retry: {
      maxAttempts: 1,
      baseDelayMs: 1,
      maxDelayMs: 1,
      maxRetryAfterMs: 0,
    },
    timeoutMs: 5_000,
    ...overrides,
  });
}

/** Starts a stream over a silent `a` and a talking `b`, under fake timers. */
async function startStream(route: Route, silent = { a: true, b: false }) {
  const calls: StreamCall[] = [];
  const models: Record<string, Model> = {
    a: streamingModel('a', { silent: silent.a, calls }),
    b: streamingModel('b', { silent: silent.b, calls }),
  };
  const engine = createRoutingEngine({
    resolveModel: (target) => models[target.instance] as Model,
  });
  const events: EngineEvent[] = [];
  const startedAt = Date.now();
  const outcome = engine
    .executeTextStream({
      route,
      request: { prompt: 'hi' },
      onEvent: (event) => events.push(event),
    })
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  await vi.runAllTimersAsync();
  return { outcome: await outcome, events, calls, startedAt };
}

describe('createRoutingEngine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('executeTextStream with firstTokenTimeoutMs', () => {
    it('should fall back, before any text, from a target that sends no first part in time', async () => {
      const { outcome, events, calls, startedAt } = await startStream(
        textRoute({ firstTokenTimeoutMs: 200 }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.provider).toBe('b');
      expect(outcome.value.value.first).toEqual({
        type: 'text-delta',
        text: 'Hello',
      });
      const [timedOut] = outcome.value.attempts;
      expect(timedOut).toMatchObject({ provider: 'a', code: 'timeout' });
      expect(timedOut?.message).toContain(
        "no first token within 200 ms (the route's firstTokenTimeoutMs)",
      );
      expect(calls[0]?.signal.aborted).toBe(true);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'fallback', reason: 'timeout' }),
      );
      // The second target started when the first token was due, not at timeoutMs.
      expect(Date.now() - startedAt).toBe(200);
    });

    it('should keep the per-attempt timeout when it is the shorter', async () => {
      const { outcome } = await startStream(
        textRoute({ firstTokenTimeoutMs: 2_000, timeoutMs: 300 }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value.attempts[0]?.message).toContain(
        'within 300 ms (the per-attempt timeout)',
      );
    });

    it('should fail with all-targets-failed, not the deadline, when no target sends a first part', async () => {
      const { outcome } = await startStream(
        textRoute({ firstTokenTimeoutMs: 200 }),
        { a: true, b: true },
      );
      if (outcome.ok) throw new Error('expected the stream to fail');
      expect(RouteFailedError.isInstance(outcome.error)).toBe(true);
      expect(outcome.error).toMatchObject({
        reason: 'all-targets-failed',
        code: 'timeout',
      });
    });

    it('should never hedge a stream', async () => {
      const { outcome, events, calls, startedAt } = await startStream(
        textRoute({ firstTokenTimeoutMs: 500, hedge: { afterMs: 100 } }),
      );
      if (!outcome.ok) throw outcome.error;
      expect(events.filter((event) => event.type === 'hedge')).toEqual([]);
      // b started only after a's first-token timeout, not beside it.
      expect(calls.map((call) => call.at - startedAt)).toEqual([0, 500]);
      expect(outcome.value.attempts[0]).toMatchObject({ code: 'timeout' });
      expect(outcome.value.attempts[1]?.hedged).toBeUndefined();
    });
  });
});
