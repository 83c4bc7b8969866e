import { SwitchyardError, type MusicRequest } from '@switchyard/core';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { createLocal } from './index';

const model = createLocal().musicModel?.('music');
if (model === undefined) throw new Error('local has a music model');

const SAMPLE_RATE = 44_100;

async function play(request: Partial<MusicRequest> = {}) {
  const result = await model?.generate(
    { prompt: 'an upbeat tune', durationMs: 2_000, seed: 7, ...request },
    {},
  );
  if (result === undefined) throw new Error('no result');
  return result;
}

async function decodeWav(base64: string | undefined) {
  const bytes = Buffer.from(base64 ?? '', 'base64');
  const { format } = await parseBuffer(bytes, { mimeType: 'audio/wav' });
  const samples = new Int16Array(
    bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + bytes.length),
  );
  return { format, samples };
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += (sample / 32_768) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

describe('the local music model', () => {
  it('should write a WAV exactly as long as durationMs, within a frame', async () => {
    // 8 s is the default; 60 s the longest; 750 ms is played in place.
    for (const durationMs of [750, 1_234, undefined, 60_000]) {
      const result = await play({ durationMs });
      const { format, samples } = await decodeWav(result.audio.base64);
      const expected = durationMs ?? 8_000;
      expect(format).toMatchObject({
        container: 'WAVE',
        sampleRate: SAMPLE_RATE,
        numberOfChannels: 1,
        bitsPerSample: 16,
      });
      const frame = 1_000 / SAMPLE_RATE;
      expect(Math.abs((format.duration ?? 0) * 1000 - expected)).toBeLessThan(
        frame,
      );
      const frames = (expected * SAMPLE_RATE) / 1000;
      expect(Math.abs(samples.length - frames)).toBeLessThanOrEqual(1);
      expect(result.audio.durationMs).toBeCloseTo(expected, 0);
    }
  }, 60_000);

  it('should play music, not silence: loud enough, and changing over time', async () => {
    const { samples } = await decodeWav((await play()).audio.base64);
    expect(rms(samples)).toBeGreaterThan(0.05);
    const windows = [0, 1, 2, 3].map((quarter) =>
      rms(
        samples.subarray(
          (quarter * samples.length) / 4,
          ((quarter + 1) * samples.length) / 4,
        ),
      ),
    );
    expect(new Set(windows.map((value) => value.toFixed(4))).size).toBe(4);
  });

  it('should give the same piece for the same prompt and seed, another for another', async () => {
    const pieces = await Promise.all([
      play(),
      play(),
      play({ seed: 8 }),
      play({ prompt: 'a sad slow song' }),
    ]);
    const [first, again, otherSeed, otherPrompt] = pieces.map(
      (piece) => piece.audio.base64,
    );
    expect(again).toBe(first);
    expect(otherSeed).not.toBe(first);
    expect(otherPrompt).not.toBe(first);
  });

  it('should give raw PCM of durationMs for format pcm', async () => {
    const result = await play({ format: 'pcm', durationMs: 1_500 });
    const bytes = Buffer.from(result.audio.base64 ?? '', 'base64');
    expect(bytes.length).toBe(1.5 * SAMPLE_RATE * 2);
    expect(result.audio).toMatchObject({
      format: 'pcm',
      sampleRate: SAMPLE_RATE,
      mimeType: 'audio/L16;rate=44100',
    });
  });

  it('should accept instrumental, and warn that it sings nothing when asked for vocals', async () => {
    expect((await play({ instrumental: true })).warnings).toEqual([]);
    expect((await play({ instrumental: false })).warnings).toEqual([
      expect.objectContaining({ setting: 'instrumental' }),
    ]);
  });

  it('should refuse a length or format it does not make', async () => {
    const codes = await Promise.all(
      [{ durationMs: 90_000 }, { format: 'mp3' as const }].map((request) =>
        play(request).then(
          () => 'succeeded',
          (error: unknown) =>
            SwitchyardError.isInstance(error) ? error.code : String(error),
        ),
      ),
    );
    expect(codes).toEqual(['invalid_request', 'unsupported']);
  });
});
