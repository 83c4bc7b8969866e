import {
  SwitchyardError,
  type AudioModelResult,
  type CallOptions,
  type CostMetadata,
  type MusicCapabilities,
  type MusicModel,
  type MusicRequest,
  type Warning,
} from '@switchyard/core';
import { applyFaults } from './faults';
import { audioModelResult, localAudioFormat, runLocalTask } from './local-task';
import { MUSIC_SAMPLE_RATE } from './music-synth';
import { hashText } from './random';
import type { LocalSettings } from './settings';

/** The id of the local music model. */
export const MUSIC_MODEL_ID = 'music';
/** Pieces up to this long are played in place: a few ms, less than a hop to a thread. */
const IN_PLACE_MAX_MS = 1_000;

export const MUSIC_CAPABILITIES: MusicCapabilities = {
  formats: ['wav', 'pcm'],
  maxDurationMs: 60_000,
  minDurationMs: 500,
  defaultDurationMs: 8_000,
  instrumental: true,
  seed: true,
};

/** Local music costs nothing. */
export const MUSIC_COST: CostMetadata = { perSecond: 0 };

function durationOf(request: MusicRequest, provider: string): number {
  const durationMs = request.durationMs ?? MUSIC_CAPABILITIES.defaultDurationMs;
  const { minDurationMs = 1, maxDurationMs } = MUSIC_CAPABILITIES;
  if (durationMs < minDurationMs || durationMs > maxDurationMs) {
    throw new SwitchyardError({
      code: 'invalid_request',
      provider,
      message: `The local music model makes ${minDurationMs} ms to ${maxDurationMs} ms; ask for a durationMs in that range.`,
    });
  }
  return durationMs;
}

function vocalsWarning(request: MusicRequest): Warning[] {
  if (request.instrumental !== false) return [];
  return [
    {
      type: 'unsupported-setting',
      setting: 'instrumental',
      message:
        'The local music model plays instruments only; the piece has no vocals.',
    },
  ];
}

/**
 * Creates the `music` model of a local instance: an offline synthesizer
 * that writes a real piece (pad chords, bass, a lead melody and, unless the
 * prompt is calm, drums) as WAV or raw PCM (16-bit, 44.1 kHz, mono) of
 * exactly `durationMs` (8 s by default, at most 60 s). Deterministic from
 * prompt and seed; words like "slow", "upbeat" or "sad" steer tempo and
 * mode. Instrumental only.
 */
export function createMusicModel(options: {
  provider: string;
  settings: LocalSettings;
  random: () => number;
}): MusicModel {
  const { provider, settings, random } = options;
  return {
    kind: 'music',
    provider,
    modelId: MUSIC_MODEL_ID,
    capabilities: MUSIC_CAPABILITIES,
    cost: MUSIC_COST,
    async generate(
      request: MusicRequest,
      callOptions: CallOptions,
    ): Promise<AudioModelResult> {
      const modelId = MUSIC_MODEL_ID;
      const format = localAudioFormat({
        format: request.format,
        provider,
        modelId,
      });
      const durationMs = durationOf(request, provider);
      const { signal } = callOptions;
      await applyFaults({ faults: settings.faults, provider, random, signal });
      const outcome = await runLocalTask(
        'compose',
        {
          prompt: request.prompt,
          seed: request.seed ?? hashText(request.prompt),
          frames: Math.round((durationMs * MUSIC_SAMPLE_RATE) / 1000),
          format,
        },
        { provider, signal, inPlace: durationMs <= IN_PLACE_MAX_MS },
      );
      return audioModelResult({
        outcome,
        format,
        provider,
        modelId,
        warnings: vocalsWarning(request),
      });
    },
  };
}
