import { describe, expect, it } from 'vitest';
import { LatencyTracker, latencyKey } from './latency-tracker';

const DECAY_MS = 1_000;

describe('LatencyTracker', () => {
  describe('record', () => {
    it('should start from the first latency and count samples', () => {
      const tracker = new LatencyTracker();
      expect(tracker.estimate('image|a:m')).toEqual({ samples: 0 });
      tracker.record('image|a:m', { latencyMs: 200, at: 0, decayMs: DECAY_MS });
      expect(tracker.estimate('image|a:m')).toEqual({
        latencyMs: 200,
        samples: 1,
      });
    });

    it('should jump to a latency above the current value (the peak)', () => {
      const tracker = new LatencyTracker();
      tracker.record('k', { latencyMs: 100, at: 0, decayMs: DECAY_MS });
      tracker.record('k', { latencyMs: 900, at: 1, decayMs: DECAY_MS });
      expect(tracker.estimate('k').latencyMs).toBe(900);
    });

    it('should move toward a lower latency by 1 - exp(-elapsed / decayMs)', () => {
      const tracker = new LatencyTracker();
      tracker.record('k', { latencyMs: 1_000, at: 0, decayMs: DECAY_MS });
      tracker.record('k', { latencyMs: 1_000 - 900, at: 0, decayMs: DECAY_MS });
      // No time passed: the lower sample does not move the peak.
      expect(tracker.estimate('k').latencyMs).toBe(1_000);
      tracker.record('k', { latencyMs: 100, at: DECAY_MS, decayMs: DECAY_MS });
      const weight = Math.exp(-1);
      expect(tracker.estimate('k').latencyMs).toBeCloseTo(
        1_000 * weight + 100 * (1 - weight),
        9,
      );
      expect(tracker.estimate('k').samples).toBe(3);
    });

    it('should fade a peak faster when the decay is shorter', () => {
      const fading = (decayMs: number) => {
        const tracker = new LatencyTracker();
        tracker.record('k', { latencyMs: 2_000, at: 0, decayMs });
        tracker.record('k', { latencyMs: 100, at: 500, decayMs });
        return tracker.estimate('k').latencyMs ?? Number.NaN;
      };
      expect(fading(100)).toBeLessThan(fading(10_000));
      expect(fading(100)).toBeLessThan(115);
      expect(fading(10_000)).toBeGreaterThan(1_900);
    });

    it('should keep kinds apart under their keys', () => {
      const tracker = new LatencyTracker();
      const target = { instance: 'openai', model: 'gpt-4o:latest' };
      expect(latencyKey(target, 'image')).toBe('image|openai:gpt-4o:latest');
      tracker.record(latencyKey(target, 'image'), {
        latencyMs: 9_000,
        at: 0,
        decayMs: DECAY_MS,
      });
      expect(tracker.estimate(latencyKey(target, 'text'))).toEqual({
        samples: 0,
      });
    });
  });

  describe('memory', () => {
    it('should drop the least recently recorded key past maxKeys', () => {
      const tracker = new LatencyTracker({ maxKeys: 2 });
      const observe = (key: string, at: number) =>
        tracker.record(key, { latencyMs: 10, at, decayMs: DECAY_MS });
      observe('a', 0);
      observe('b', 1);
      observe('a', 2);
      observe('c', 3);
      expect(tracker.size).toBe(2);
      expect(tracker.estimate('b')).toEqual({ samples: 0 });
      expect(tracker.estimate('a').samples).toBe(2);
      expect(tracker.estimate('c').samples).toBe(1);
    });
  });
});
