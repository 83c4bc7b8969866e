import { describe, expect, it } from 'vitest';
import { imageExtension } from './training-archive';

describe('imageExtension', () => {
  it('should tell JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    const webp = new Uint8Array([
      0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50,
    ]);
    expect(imageExtension(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe(
      'jpg',
    );
    expect(
      imageExtension(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])),
    ).toBe('png');
    expect(imageExtension(webp)).toBe('webp');
    expect(imageExtension(new TextEncoder().encode('GIF89a'))).toBeUndefined();
  });
});
