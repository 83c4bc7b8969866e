import { describe, expect, it } from 'vitest';
import { pcmDurationMs, pcmSampleRate, pcmToWav } from './gemini-wav';

/** Reads a WAV header back, field by field, the way a decoder does. */
function readWavHeader(wav: Uint8Array) {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const ascii = (offset: number) =>
    String.fromCharCode(...wav.subarray(offset, offset + 4));
  return {
    riff: ascii(0),
    riffSize: view.getUint32(4, true),
    wave: ascii(8),
    fmt: ascii(12),
    fmtSize: view.getUint32(16, true),
    audioFormat: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    byteRate: view.getUint32(28, true),
    blockAlign: view.getUint16(32, true),
    bitsPerSample: view.getUint16(34, true),
    data: ascii(36),
    dataSize: view.getUint32(40, true),
  };
}

describe('pcmToWav', () => {
  it('should write the 44-byte RIFF header of 16-bit mono PCM, then the samples', () => {
    const pcm = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const wav = pcmToWav(pcm, 24_000);
    expect(wav.byteLength).toBe(44 + pcm.byteLength);
    expect(readWavHeader(wav)).toEqual({
      riff: 'RIFF',
      riffSize: 36 + pcm.byteLength,
      wave: 'WAVE',
      fmt: 'fmt ',
      fmtSize: 16,
      audioFormat: 1,
      channels: 1,
      sampleRate: 24_000,
      byteRate: 48_000,
      blockAlign: 2,
      bitsPerSample: 16,
      data: 'data',
      dataSize: pcm.byteLength,
    });
    expect([...wav.subarray(44)]).toEqual([...pcm]);
  });
});

describe('pcmSampleRate', () => {
  it('should read the rate of an L16 mime type, defaulting to 24 kHz', () => {
    expect(pcmSampleRate('audio/L16;codec=pcm;rate=24000')).toBe(24_000);
    expect(pcmSampleRate('audio/L16; rate=16000')).toBe(16_000);
    expect(pcmSampleRate('audio/pcm')).toBe(24_000);
    expect(pcmSampleRate('audio/mpeg')).toBeUndefined();
  });
});

describe('pcmDurationMs', () => {
  it('should count two bytes per sample', () => {
    expect(pcmDurationMs(48_000, 24_000)).toBe(1000);
    expect(pcmDurationMs(480, 24_000)).toBe(10);
  });
});
