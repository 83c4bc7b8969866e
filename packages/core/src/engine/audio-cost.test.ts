import { describe, expect, it } from 'vitest';
import type { CheckedAudioResult } from '../results/check-audio';
import {
  estimateMusicCost,
  estimateSpeechCost,
  musicCost,
  speechCost,
} from './cost';

const audio = (durationMs: number): CheckedAudioResult => ({
  audio: { base64: 'AA==', format: 'wav', mimeType: 'audio/wav', durationMs },
  warnings: [],
});

describe('speech and music prices', () => {
  it('should charge speech per character of its text and per second of its measured audio', () => {
    const request = { text: 'Hello there, world!' }; // 19 characters
    expect(speechCost({ perCharacter: 15 }, audio(1_234), request)).toBe(285);
    expect(speechCost({ perSecond: 1_000 }, audio(1_234), request)).toBe(1_234);
    expect(
      speechCost({ perRequest: 7, perCharacter: 0.5 }, audio(1), request),
    ).toBe(17);
  });

  it('should hold at least what speech costs at a slow voice, scaled by speed', () => {
    const request = { text: 'x'.repeat(150) };
    // 150 characters: at most 30 s at speed 1 (5 characters a second), 15 s at speed 2.
    expect(estimateSpeechCost({ perSecond: 100 }, request)).toBe(3_000);
    expect(
      estimateSpeechCost({ perSecond: 100 }, { ...request, speed: 2 }),
    ).toBe(1_500);
    expect(estimateSpeechCost({ perCharacter: 2 }, request)).toBe(300);
  });

  it('should charge music per second it returned, never past the length asked for', () => {
    const cost = { perSecond: 2_000 };
    expect(
      musicCost(cost, audio(4_500), { prompt: 'jazz', durationMs: 5_000 }),
    ).toBe(9_000);
    expect(
      musicCost(cost, audio(6_000), { prompt: 'jazz', durationMs: 5_000 }),
    ).toBe(10_000);
    expect(musicCost(cost, audio(6_000), { prompt: 'jazz' })).toBe(12_000);
  });

  it("should hold music for the length asked for, else the model's default", () => {
    const cost = { perSecond: 2_000, perRequest: 10 };
    const lengths = { defaultDurationMs: 30_000 };
    expect(
      estimateMusicCost(cost, { prompt: 'a', durationMs: 5_000 }, lengths),
    ).toBe(10_010);
    expect(estimateMusicCost(cost, { prompt: 'a' }, lengths)).toBe(60_010);
  });
});
