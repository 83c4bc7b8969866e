import { writeScore, type Instrument, type NoteEvent } from './music-score';
import { seededRandom } from './random';
import type { PcmAudio } from './wav';

/** The sample rate of local music: CD rate, mono. */
export const MUSIC_SAMPLE_RATE = 44_100;

const TWO_PI = Math.PI * 2;
/** Fades at both ends of the piece, so it starts and stops without a click. */
const EDGE_FADE_SECONDS = 0.05;

interface Envelope {
  attack: number;
  decay: number;
  sustain: number;
  release: number;
}

/** A sine of `ratio` times the note's frequency, at `amplitude`. */
interface Partial {
  ratio: number;
  amplitude: number;
}

interface Voice {
  envelope: Envelope;
  gain: number;
  /** Tonal voices: sines summed (read from one table); drums have none. */
  partials: Partial[];
  /** Vibrato depth, as a share of the frequency. */
  vibrato?: number;
}

const TABLE_SIZE = 4_096;
const SINE = Float32Array.from({ length: TABLE_SIZE + 1 }, (_, index) =>
  Math.sin((TWO_PI * index) / TABLE_SIZE),
);
const noise = seededRandom(0x5eed);
const NOISE = Float32Array.from({ length: 8_192 }, () => noise() * 2 - 1);

const VOICES: Record<Instrument, Voice> = {
  // Slightly detuned sines and an octave: a soft string pad.
  pad: {
    envelope: { attack: 0.4, decay: 0.3, sustain: 0.8, release: 0.5 },
    gain: 0.12,
    partials: [
      { ratio: 1, amplitude: 1 },
      { ratio: 1.003, amplitude: 0.5 },
      { ratio: 2.001, amplitude: 0.3 },
    ],
  },
  // Odd harmonics falling as 1/n²: close to a triangle, plucked.
  bass: {
    envelope: { attack: 0.005, decay: 0.25, sustain: 0.4, release: 0.08 },
    gain: 0.4,
    partials: [
      { ratio: 1, amplitude: 1 },
      { ratio: 3, amplitude: 1 / 9 },
      { ratio: 5, amplitude: 1 / 25 },
    ],
  },
  // Odd harmonics falling as 1/n (a mellow square) with a little vibrato.
  lead: {
    envelope: { attack: 0.01, decay: 0.15, sustain: 0.6, release: 0.1 },
    gain: 0.16,
    partials: [
      { ratio: 1, amplitude: 1 },
      { ratio: 3, amplitude: 1 / 3 },
      { ratio: 5, amplitude: 1 / 5 },
    ],
    vibrato: 0.004,
  },
  // A sine falling from 150 Hz to 45 Hz (drawn in addDrum).
  kick: {
    envelope: { attack: 0.001, decay: 0.2, sustain: 0, release: 0.05 },
    gain: 0.6,
    partials: [],
  },
  // Noise, very short (drawn in addDrum).
  hat: {
    envelope: { attack: 0.001, decay: 0.04, sustain: 0, release: 0.02 },
    gain: 0.12,
    partials: [],
  },
};

function envelopeAt(envelope: Envelope, time: number, length: number): number {
  const { attack, decay, sustain, release } = envelope;
  let level: number;
  if (time < attack) level = time / attack;
  else if (time < attack + decay) {
    level = 1 - ((1 - sustain) * (time - attack)) / decay;
  } else level = sustain;
  if (time > length) level *= Math.max(0, 1 - (time - length) / release);
  return level;
}

/** Frames a note covers in the mix: from its start to the end of its release. */
function noteSpan(
  event: NoteEvent,
  options: { voice: Voice; sampleRate: number; frames: number },
): { first: number; last: number } {
  const first = Math.round(event.start * options.sampleRate);
  const length = event.length + options.voice.envelope.release;
  const last = Math.min(
    options.frames,
    first + Math.round(length * options.sampleRate),
  );
  return { first, last };
}

function addTone(
  mix: Float32Array,
  event: NoteEvent,
  sampleRate: number,
): void {
  const voice = VOICES[event.instrument];
  const { first, last } = noteSpan(event, {
    voice,
    sampleRate,
    frames: mix.length,
  });
  const step = (440 * 2 ** ((event.note - 69) / 12) * TABLE_SIZE) / sampleRate;
  const ratios = Float64Array.from(voice.partials, (partial) => partial.ratio);
  const amplitudes = Float64Array.from(
    voice.partials,
    (partial) => partial.amplitude,
  );
  const phases = new Float64Array(ratios.length);
  const vibratoStep = (5.5 * TABLE_SIZE) / sampleRate;
  const depth = voice.vibrato ?? 0;
  const gain = voice.gain * event.velocity;
  for (let frame = first; frame < last; frame += 1) {
    const offset = frame - first;
    const level = envelopeAt(voice.envelope, offset / sampleRate, event.length);
    const vibrato = SINE[Math.floor(offset * vibratoStep) % TABLE_SIZE] ?? 0;
    const advance = step * (1 + depth * vibrato);
    let sample = 0;
    for (let index = 0; index < ratios.length; index += 1) {
      let phase = (phases[index] ?? 0) + advance * (ratios[index] ?? 0);
      if (phase >= TABLE_SIZE)
        phase -= TABLE_SIZE * Math.floor(phase / TABLE_SIZE);
      phases[index] = phase;
      sample += (amplitudes[index] ?? 0) * (SINE[phase | 0] ?? 0);
    }
    mix[frame] = (mix[frame] ?? 0) + gain * level * sample;
  }
}

function addDrum(
  mix: Float32Array,
  event: NoteEvent,
  sampleRate: number,
): void {
  const voice = VOICES[event.instrument];
  const { first, last } = noteSpan(event, {
    voice,
    sampleRate,
    frames: mix.length,
  });
  const gain = voice.gain * event.velocity;
  for (let frame = first; frame < last; frame += 1) {
    const time = (frame - first) / sampleRate;
    const level = envelopeAt(voice.envelope, time, event.length);
    const sample =
      event.instrument === 'kick'
        ? Math.sin(TWO_PI * (45 * time + 3.5 * (1 - Math.exp(-30 * time))))
        : (NOISE[(frame - first) % NOISE.length] ?? 0);
    mix[frame] = (mix[frame] ?? 0) + gain * level * sample;
  }
}

/**
 * Plays a score for a prompt and seed into exactly `frames` samples of mono
 * 16-bit PCM: each note through its instrument's waveform and envelope, soft
 * clipped, faded in and out at the edges. Deterministic.
 */
export function composeMusic(options: {
  prompt: string;
  seed: number;
  frames: number;
  sampleRate?: number;
}): PcmAudio {
  const sampleRate = options.sampleRate ?? MUSIC_SAMPLE_RATE;
  const mix = new Float32Array(options.frames);
  const score = writeScore({
    prompt: options.prompt,
    seed: options.seed,
    seconds: options.frames / sampleRate,
  });
  for (const event of score.events) {
    if (VOICES[event.instrument].partials.length > 0) {
      addTone(mix, event, sampleRate);
    } else addDrum(mix, event, sampleRate);
  }
  const fade = Math.max(1, Math.round(EDGE_FADE_SECONDS * sampleRate));
  const samples = new Int16Array(mix.length);
  for (let frame = 0; frame < mix.length; frame += 1) {
    const edge = Math.min(1, frame / fade, (mix.length - 1 - frame) / fade);
    samples[frame] = Math.round(32_000 * Math.tanh(mix[frame] ?? 0) * edge);
  }
  return {
    data: new Uint8Array(samples.buffer, 0, samples.byteLength),
    sampleRate,
  };
}
