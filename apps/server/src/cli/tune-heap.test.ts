import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_VARIABLE, tuneHeap } from './tune-heap';

describe('tuneHeap', () => {
  it('should refuse a growth that is not a whole percentage, naming the variable', () => {
    for (const bad of ['-1', '1.5', 'lots', '5000']) {
      expect(() => tuneHeap({ [HEAP_GROWING_VARIABLE]: bad })).toThrow(
        `${HEAP_GROWING_VARIABLE} "${bad}" is not a whole percentage from 0 to 1000.`,
      );
    }
  });

  it('should take the default, 0 (V8 its own) and a chosen percentage', () => {
    expect(() => tuneHeap({})).not.toThrow();
    expect(() => tuneHeap({ [HEAP_GROWING_VARIABLE]: '0' })).not.toThrow();
    expect(() => tuneHeap({ [HEAP_GROWING_VARIABLE]: '60' })).not.toThrow();
  });
});
