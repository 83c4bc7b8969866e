import { crc32 } from 'node:zlib';
import { zipStored } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { readStoredZip } from './zip-reader';

describe('readStoredZip', () => {
  it("should read back core's zipStored entries with their names, bytes and CRC-32", () => {
    const entries = [
      { name: 'image-01.jpg', data: new Uint8Array([0xff, 0xd8, 0xff, 1]) },
      { name: 'légende.txt', data: new TextEncoder().encode('a dog') },
      {
        name: 'image-02.png',
        data: new Uint8Array(70_000).map((_, index) => index % 251),
      },
      { name: 'empty.bin', data: new Uint8Array() },
    ];
    const read = readStoredZip(zipStored(entries));
    expect(read).toEqual(
      entries.map(({ name, data }) => ({ name, data, crc: crc32(data) })),
    );
  });

  it('should read an empty archive as no entries', () => {
    expect(readStoredZip(zipStored([]))).toEqual([]);
  });

  it('should refuse an entry whose bytes do not match its CRC-32', () => {
    const zip = zipStored([{ name: 'a', data: new Uint8Array([1, 2]) }]);
    zip[31] = 9; // the first data byte, after the 30-byte header and the name
    expect(() => readStoredZip(zip)).toThrow(/CRC-32 of a/);
  });

  it('should refuse bytes without an end record', () => {
    expect(() => readStoredZip(new Uint8Array(10))).toThrow(/end record/);
  });
});
