import { describe, expect, it } from 'vitest';
import { readZip } from './__tests__/zip-reader';
import { zipStored } from './training-archive';

describe('zipStored', () => {
  it('should write entries a ZIP reader finds, with their bytes and CRC-32', () => {
    const first = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const second = new Uint8Array(70_000).map((_, index) => index % 251);
    const zip = zipStored([
      { name: 'image-01.png', bytes: first },
      { name: 'image-02.jpg', bytes: second },
    ]);
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['image-01.png', 'image-02.jpg']);
    expect(files.get('image-01.png')).toEqual(first);
    expect(files.get('image-02.jpg')).toEqual(second);
  });

  it('should write an empty archive as the end record alone', () => {
    const zip = zipStored([]);
    expect(zip.byteLength).toBe(22);
    expect(readZip(zip).size).toBe(0);
  });

  it('should write the same bytes for the same entries (a fixed date)', () => {
    const entries = [{ name: 'a.png', bytes: new Uint8Array([1]) }];
    expect(zipStored(entries)).toEqual(zipStored(entries));
  });
});
