import { describe, expect, it } from 'vitest';
import { testRoute } from '../../__tests__/scripted-models';
import type { EngineEvent } from '../types';
import { TargetMeasures } from './target-measures';

const route = testRoute(['a']);
const target = { instance: 'a', model: 'a-model' };
const start: EngineEvent = {
  type: 'attempt-start',
  route: 'image',
  target,
  attempt: 1,
};
const end: EngineEvent = {
  type: 'attempt-end',
  route: 'image',
  target,
  attempt: 1,
  outcome: 'error',
  code: 'cancelled',
  latencyMs: 5,
};

describe('TargetMeasures', () => {
  describe('meter', () => {
    it('should count an attempt out once, however often its end is seen', () => {
      const measures = new TargetMeasures({ now: () => 0 });
      const first = measures.meter(route);
      const second = measures.meter(route);
      first.observe(start);
      second.observe(start);
      expect(measures.stats(target, 'image').inFlight).toBe(2);
      first.observe(end);
      first.observe(end);
      expect(measures.stats(target, 'image').inFlight).toBe(1);
      second.observe(end);
      expect(measures.stats(target, 'image').inFlight).toBe(0);
    });

    it('should count out the attempts a call left open when it ends', () => {
      const measures = new TargetMeasures({ now: () => 0 });
      const meter = measures.meter(route);
      meter.observe(start);
      meter.observe({ ...start, attempt: 2 });
      meter.endAll();
      meter.observe(end);
      expect(measures.stats(target, 'image').inFlight).toBe(0);
    });
  });
});
