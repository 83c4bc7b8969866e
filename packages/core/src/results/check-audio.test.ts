import { describe, expect, it } from 'vitest';
import { silentWav } from '../__tests__/audio-samples';
import { checkAudioResult } from './check-audio';

const wav = (ms: number) => silentWav(ms).toString('base64');
const check = (audio: unknown, format?: 'wav' | 'mp3' | 'pcm') =>
  checkAudioResult({
    result: { audio, warnings: [] },
    format,
    provider: 'acme',
  });

describe('checkAudioResult', () => {
  it('should measure inline audio from its bytes, whatever length the provider claims', async () => {
    const checked = await check({
      base64: wav(1_500),
      format: 'wav',
      durationMs: 99,
    });
    expect(checked.audio).toEqual({
      base64: wav(1_500),
      format: 'wav',
      mimeType: 'audio/wav',
      durationMs: 1_500,
      sampleRate: 16_000,
    });
  });

  it('should refuse bytes that are not the format they claim, or do not decode, as invalid_response', async () => {
    const notWav = Buffer.from('ID3 this is not really audio').toString(
      'base64',
    );
    for (const audio of [
      { base64: notWav, format: 'wav' },
      {
        base64: Buffer.from('RIFF....WAVEfmt ').toString('base64'),
        format: 'wav',
      },
      { base64: '', format: 'wav' },
      { base64: wav(100), format: 'flac' },
      { format: 'wav' },
      { base64: 'not base64 at all!', format: 'wav' },
    ]) {
      await expect(check(audio)).rejects.toMatchObject({
        code: 'invalid_response',
        provider: 'acme',
      });
    }
  });

  it('should refuse audio of another format than the request asked for', async () => {
    await expect(
      check({ base64: wav(100), format: 'wav' }, 'mp3'),
    ).rejects.toThrow(/wav audio where mp3 was asked for/);
  });

  it('should measure raw PCM by its sample rate, and refuse it without one', async () => {
    const pcm = Buffer.alloc(24_000 * 2).toString('base64');
    const checked = await check(
      { base64: pcm, format: 'pcm', sampleRate: 24_000 },
      'pcm',
    );
    expect(checked.audio).toMatchObject({
      durationMs: 1_000,
      mimeType: 'audio/L16;rate=24000',
    });
    await expect(check({ base64: pcm, format: 'pcm' })).rejects.toThrow(
      /without its sample rate/,
    );
  });

  it('should take audio at a URL only with the duration the provider gave', async () => {
    const url = 'https://cdn.example.com/a.mp3';
    await expect(check({ url, format: 'mp3' })).rejects.toThrow(
      /must say its duration/,
    );
    expect(
      (await check({ url, format: 'mp3', durationMs: 8_000 })).audio,
    ).toEqual({
      url,
      format: 'mp3',
      mimeType: 'audio/mpeg',
      durationMs: 8_000,
    });
  });
});
