import { describe, expect, it } from 'vitest';
import { zipStored } from './zip';

// The entries' round trip through a zip reader is tested in
// @switchyard/testing (media/zip-reader.test.ts), which ships the reader.
describe('zipStored', () => {
  it('should write an empty archive as its end record alone', () => {
    const zip = zipStored([]);
    expect(zip.byteLength).toBe(22);
    expect(Buffer.from(zip).readUInt32LE(0)).toBe(0x06054b50);
  });

  it('should write the same bytes for the same entries (a fixed date)', () => {
    const entries = [{ name: 'a.png', data: new Uint8Array([1]) }];
    expect(zipStored(entries)).toEqual(zipStored(entries));
  });

  it('should lay out local header, name and bytes, then the directory', () => {
    const zip = Buffer.from(
      zipStored([{ name: 'ab', data: new Uint8Array([7, 8, 9]) }]),
    );
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(8)).toBe(0); // stored
    expect(zip.readUInt32LE(18)).toBe(3);
    expect(zip.toString('latin1', 30, 32)).toBe('ab');
    expect([...zip.subarray(32, 35)]).toEqual([7, 8, 9]);
    expect(zip.readUInt32LE(35)).toBe(0x02014b50);
    expect(zip.byteLength).toBe(35 + 46 + 2 + 22);
  });

  it('should refuse more entries than the format counts', () => {
    const entries = Array.from({ length: 0x10000 }, () => ({
      name: '',
      data: new Uint8Array(),
    }));
    expect(() => zipStored(entries)).toThrow(RangeError);
  });
});
