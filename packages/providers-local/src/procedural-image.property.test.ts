import { fc, test } from '@fast-check/vitest';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { renderProceduralImage } from './procedural-image';

const input = fc.record({
  prompt: fc.string({ minLength: 1, maxLength: 200 }),
  seed: fc.integer({ min: 0, max: 4_294_967_295 }),
  width: fc.integer({ min: 16, max: 80 }),
  height: fc.integer({ min: 16, max: 80 }),
});

test.prop([input], { numRuns: 60 })(
  'every render is a valid PNG of the requested size, the same for the same input',
  (options) => {
    const first = renderProceduralImage(options);
    const decoded = PNG.sync.read(first.png);
    expect([decoded.width, decoded.height]).toEqual([
      options.width,
      options.height,
    ]);
    expect(renderProceduralImage(options).png.equals(first.png)).toBe(true);
  },
);
