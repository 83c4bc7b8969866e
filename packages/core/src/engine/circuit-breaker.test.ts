import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

const settings = { failureThreshold: 3, halfOpenAfterMs: 1_000 };

/** The breaker's specification, kept as plain data. */
interface Model {
  now: number;
  state: 'closed' | 'open' | 'half-open';
  failuresInARow: number;
  openedAt: number;
  permits: number;
}
interface Real {
  breaker: CircuitBreaker;
}

const expectedState = (model: Model) =>
  model.state === 'open' &&
  model.now - model.openedAt >= settings.halfOpenAfterMs
    ? 'half-open'
    : model.state;

class Acquire implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real) {
    const granted = real.breaker.tryAcquire(model.now);
    const state = expectedState(model);
    const shouldGrant =
      state === 'closed' || (state === 'half-open' && model.permits === 0);
    expect(granted).toBe(shouldGrant);
    if (granted) {
      model.permits += 1;
      if (state === 'half-open') model.state = 'half-open';
    }
    if (state === 'half-open') expect(model.permits).toBeLessThanOrEqual(1);
  }
  toString = () => 'acquire';
}

class Complete implements fc.Command<Model, Real> {
  constructor(readonly outcome: 'success' | 'failure' | 'neutral') {}
  check = (model: Readonly<Model>) => model.permits > 0;
  run(model: Model, real: Real) {
    model.permits -= 1;
    if (this.outcome === 'success') {
      real.breaker.recordSuccess();
      Object.assign(model, { state: 'closed', failuresInARow: 0, permits: 0 });
    } else if (this.outcome === 'failure') {
      real.breaker.recordFailure(model.now);
      if (model.state === 'half-open') {
        Object.assign(model, {
          state: 'open',
          openedAt: model.now,
          failuresInARow: 0,
          permits: 0,
        });
      } else if (model.state === 'closed') {
        model.failuresInARow += 1;
        if (model.failuresInARow >= settings.failureThreshold) {
          Object.assign(model, {
            state: 'open',
            openedAt: model.now,
            failuresInARow: 0,
            permits: 0,
          });
        }
      }
    } else {
      real.breaker.release();
      if (model.state === 'half-open') model.permits = 0;
    }
    expect(real.breaker.stateAt(model.now)).toBe(expectedState(model));
  }
  toString = () => `complete(${this.outcome})`;
}

class Advance implements fc.Command<Model, Real> {
  constructor(readonly milliseconds: number) {}
  check = () => true;
  run(model: Model, real: Real) {
    model.now += this.milliseconds;
    expect(real.breaker.stateAt(model.now)).toBe(expectedState(model));
  }
  toString = () => `advance(${this.milliseconds})`;
}

describe('CircuitBreaker', () => {
  it('should follow closed → open → half-open (one probe) → closed/open under any sequence of calls', () => {
    // Failures are drawn more often than the rest so sequences reach open and half-open.
    const commands = [
      fc.constant(new Acquire()),
      fc.constant(new Acquire()),
      fc.constant(new Complete('failure')),
      fc.constant(new Complete('failure')),
      fc
        .constantFrom('success', 'neutral')
        .map((outcome) => new Complete(outcome as 'success')),
      fc
        .integer({ min: 1, max: 1_500 })
        .map((milliseconds) => new Advance(milliseconds)),
    ];
    fc.assert(
      fc.property(
        fc.commands(commands, { maxCommands: 80, size: 'max' }),
        (sequence) => {
          const setup = () => ({
            model: {
              now: 0,
              state: 'closed',
              failuresInARow: 0,
              openedAt: 0,
              permits: 0,
            } satisfies Model as Model,
            real: { breaker: new CircuitBreaker(settings) },
          });
          fc.modelRun(setup, sequence);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('toJSON', () => {
    it('should restore an open breaker from its snapshot, still refusing calls', () => {
      const breaker = new CircuitBreaker(settings);
      for (let failure = 0; failure < settings.failureThreshold; failure += 1) {
        breaker.tryAcquire(100);
        breaker.recordFailure(100);
      }
      const restored = new CircuitBreaker(
        settings,
        JSON.parse(JSON.stringify(breaker)) as ReturnType<
          CircuitBreaker['toJSON']
        >,
      );
      expect(restored.stateAt(500)).toBe('open');
      expect(restored.tryAcquire(500)).toBe(false);
      expect(restored.tryAcquire(1_100)).toBe(true);
      expect(restored.tryAcquire(1_100)).toBe(false);
    });
  });
});
