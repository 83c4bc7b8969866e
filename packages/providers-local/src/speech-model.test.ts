import { SwitchyardError, type SpeechRequest } from '@switchyard/core';
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { speakPcm, CALLS_PER_ENGINE } from './espeak';
import { createLocal } from './index';

const model = createLocal().speechModel?.('speech');
if (model === undefined) throw new Error('local has a speech model');

const SENTENCE =
  'The quick brown fox jumps over the lazy dog near the river bank';
const WORDS = SENTENCE.split(' ').length;

async function speak(request: Partial<SpeechRequest> = {}) {
  return model?.generate({ text: SENTENCE, ...request }, {});
}

/** Decodes WAV bytes with music-metadata, a decoder independent of ours. */
async function decodeWav(base64: string | undefined) {
  const bytes = Buffer.from(base64 ?? '', 'base64');
  const { format } = await parseBuffer(bytes, { mimeType: 'audio/wav' });
  return { ...format, bytes };
}

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!SwitchyardError.isInstance(error)) {
    throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  }
  return error;
}

describe('the local speech model', () => {
  it('should speak a sentence as WAV with a duration in range for its words', async () => {
    const result = await speak();
    expect(result?.audio).toMatchObject({ format: 'wav', sampleRate: 22_050 });
    const wav = await decodeWav(result?.audio.base64);
    expect(wav).toMatchObject({ container: 'WAVE', sampleRate: 22_050 });
    const durationMs = (wav.duration ?? 0) * 1000;
    // 50–400 ms a word at speed 1.
    expect(durationMs).toBeGreaterThan(50 * WORDS);
    expect(durationMs).toBeLessThan(400 * WORDS);
    expect(result?.audio.durationMs).toBeCloseTo(durationMs, -1);
    // Speech, not silence: a fair share of samples are loud.
    const samples = new Int16Array(
      wav.bytes.buffer.slice(wav.bytes.byteOffset + 44),
    );
    const loud = samples.filter((sample) => Math.abs(sample) > 1_000).length;
    expect(loud / samples.length).toBeGreaterThan(0.1);
  });

  it('should speak faster at a higher speed and slower at a lower one', async () => {
    const durations = await Promise.all(
      [0.5, 1, 2].map(async (speed) => {
        const result = await speak({ speed });
        return (await decodeWav(result?.audio.base64)).duration ?? 0;
      }),
    );
    const [slow = 0, normal = 0, fast = 0] = durations;
    expect(fast).toBeLessThan(normal * 0.7);
    expect(slow).toBeGreaterThan(normal * 1.4);
  });

  it('should warn, and speak at its slowest, below the slowest speed eSpeak has', async () => {
    const result = await speak({ speed: 0.25 });
    expect(result?.warnings).toEqual([
      expect.objectContaining({ type: 'adjusted-setting', setting: 'speed' }),
    ]);
  });

  it('should give raw 16-bit PCM, the WAV without its header, for format pcm', async () => {
    const [wav, pcm] = await Promise.all([
      speak({ format: 'wav' }),
      speak({ format: 'pcm' }),
    ]);
    const wavBytes = Buffer.from(wav?.audio.base64 ?? '', 'base64');
    const pcmBytes = Buffer.from(pcm?.audio.base64 ?? '', 'base64');
    expect(pcmBytes.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(pcmBytes).toEqual(wavBytes.subarray(44));
    expect(pcm?.audio).toMatchObject({
      format: 'pcm',
      mimeType: 'audio/L16;rate=22050',
      sampleRate: 22_050,
    });
  });

  it('should speak in the voice asked for, and pick a voice by language', async () => {
    const results = await Promise.all([
      speak(),
      speak({ voice: 'en-us-female' }),
      speak({ text: 'Guten Tag, wie geht es Ihnen?', language: 'de-DE' }),
      speak({ text: 'Guten Tag, wie geht es Ihnen?', voice: 'de' }),
    ]);
    const [male, female, german, byVoice] = results.map(
      (result) => result?.audio.base64,
    );
    expect(female).not.toBe(male);
    expect(german).toBe(byVoice);
    expect(model?.capabilities.voices).toContain('en-us-female');
    expect(model?.capabilities.languages).toEqual(
      expect.arrayContaining(['en', 'de', 'fr']),
    );
  });

  it('should say a text that starts with a dash instead of reading it as an option', async () => {
    const result = await speak({ text: '--help me please' });
    const wav = await decodeWav(result?.audio.base64);
    expect((wav.duration ?? 0) * 1000).toBeGreaterThan(300);
  });

  it('should refuse what it cannot do with the right codes', async () => {
    const failures = await Promise.all([
      rejection(speak({ voice: 'alloy' })),
      rejection(speak({ language: 'ja' })),
      rejection(speak({ format: 'mp3' })),
      rejection(speak({ text: 'a'.repeat(4_001) })),
    ]);
    expect(failures.map((error) => error.code)).toEqual([
      'invalid_request',
      'unsupported',
      'unsupported',
      'invalid_request',
    ]);
    expect(failures[0]?.message).toContain('en-us-female');
  });

  it('should warn that it takes no instructions', async () => {
    const result = await speak({ instructions: 'whisper' });
    expect(result?.warnings.map((warning) => warning.setting)).toEqual([
      'instructions',
    ]);
  });
});

describe('speakPcm', () => {
  it('should keep speaking past the ~80 calls one eSpeak instance survives', () => {
    // One instance returns garbage at about call 79 and aborts the process
    // at the next: a fresh one replaces it every CALLS_PER_ENGINE calls.
    expect(CALLS_PER_ENGINE).toBeLessThan(79);
    for (let call = 0; call < 100; call += 1) {
      const audio = speakPcm({
        text: `call ${call}`,
        voice: 'en/en-us',
        wordsPerMinute: 175,
      });
      expect(audio?.data.length, `call ${call}`).toBeGreaterThan(10_000);
    }
  }, 60_000);
});
