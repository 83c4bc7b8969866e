import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readStoredZip } from './__fixtures__/stored-zip-reader';
import { imageExtension } from './training-archive';
import { storedZip } from './zip-archive';

describe('storedZip', () => {
  it('should write entries a zip reader finds, with their CRC-32 and bytes', () => {
    const entries = [
      { name: 'image-01.jpg', data: new Uint8Array([0xff, 0xd8, 0xff, 1]) },
      { name: 'légende.txt', data: new TextEncoder().encode('a dog') },
      { name: 'empty.bin', data: new Uint8Array() },
    ];
    const read = readStoredZip(storedZip(entries));
    expect(read.map((entry) => entry.name)).toEqual(
      entries.map((entry) => entry.name),
    );
    read.forEach((entry, index) => {
      const data = entries[index]?.data ?? new Uint8Array();
      expect([...entry.data]).toEqual([...data]);
      expect(entry.crc).toBe(crc32(data));
    });
  });

  it('should write an empty archive as its end record alone', () => {
    const zip = storedZip([]);
    expect(zip.byteLength).toBe(22);
    expect(readStoredZip(zip)).toEqual([]);
  });
});

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
