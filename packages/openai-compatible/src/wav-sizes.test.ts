import { describe, expect, it } from 'vitest';
import { fixStreamedWavSizes } from './wav-sizes';

/** A 16-bit mono WAV with `extra` (a LIST chunk) before its data, sizes as given. */
function wav(options: {
  samples: number;
  riffSize?: number;
  dataSize?: number;
  list?: boolean;
}): Uint8Array {
  const list = options.list
    ? Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1')
    : Buffer.alloc(0);
  const data = Buffer.alloc(options.samples * 2, 1);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(24_000, 12);
  fmt.writeUInt32LE(48_000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(options.dataSize ?? data.length, 4);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    fmt,
    list,
    dataHeader,
    data,
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(options.riffSize ?? body.length, 4);
  return new Uint8Array(Buffer.concat([riff, body]));
}

describe('fixStreamedWavSizes', () => {
  it('should write the real RIFF and data sizes over 0xFFFFFFFF, past other chunks', () => {
    const streamed = wav({
      samples: 100,
      riffSize: 0xffffffff,
      dataSize: 0xffffffff,
      list: true,
    });
    const fixed = Buffer.from(fixStreamedWavSizes(streamed));
    expect(fixed.readUInt32LE(4)).toBe(streamed.byteLength - 8);
    const dataAt = fixed.indexOf('data', 12, 'latin1');
    expect(fixed.readUInt32LE(dataAt + 4)).toBe(200);
    expect(fixed.subarray(dataAt + 8)).toEqual(
      Buffer.from(streamed.subarray(dataAt + 8)),
    );
    // The input is left as it was.
    expect(Buffer.from(streamed).readUInt32LE(4)).toBe(0xffffffff);
  });

  it('should return a WAV whose sizes are right, and bytes that are no WAV, unchanged', () => {
    const whole = wav({ samples: 10 });
    expect(fixStreamedWavSizes(whole)).toBe(whole);
    const mp3 = Uint8Array.from([
      0xff, 0xf3, 0xc4, 0xc4, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(fixStreamedWavSizes(mp3)).toBe(mp3);
  });

  it('should leave a WAV without a data chunk alone', () => {
    const headerOnly = wav({ samples: 0 }).subarray(0, 36);
    expect(fixStreamedWavSizes(headerOnly)).toBe(headerOnly);
  });
});
