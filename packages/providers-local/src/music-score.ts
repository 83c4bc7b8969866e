import { hashText, seededRandom } from './random';

/** The instruments of a local piece. */
export type Instrument = 'pad' | 'bass' | 'lead' | 'kick' | 'hat';

/** One note of the score: when, how long, how high, on what. */
export interface NoteEvent {
  instrument: Instrument;
  /** Start, in seconds. */
  start: number;
  /** Length, in seconds. */
  length: number;
  /** MIDI note number (drums ignore it). */
  note: number;
  /** 0 to 1. */
  velocity: number;
}

/** A piece: its tempo and every note, in time order per instrument. */
export interface Score {
  beatsPerMinute: number;
  minor: boolean;
  events: NoteEvent[];
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];
/** Four-bar progressions as scale degrees (I–V–vi–IV and friends). */
const PROGRESSIONS = [
  [0, 4, 5, 3],
  [0, 5, 3, 4],
  [5, 3, 0, 4],
  [0, 3, 4, 0],
  [0, 3, 5, 4],
  [5, 4, 3, 4],
];

/** Words in the prompt that steer the piece; the seed decides the rest. */
const MOODS = {
  slow: /\b(slow|calm|ambient|lullaby|sleep|relax|chill|soft|peaceful)/i,
  fast: /\b(fast|energetic|upbeat|dance|party|run|action|drum|techno)/i,
  minor: /\b(sad|dark|minor|melanchol|night|eerie|spooky|tense|rain)/i,
  noDrums: /\b(ambient|no drums|drumless|piano|lullaby|choir|pad)/i,
};

function pick<TValue>(random: () => number, values: readonly TValue[]): TValue {
  return values[Math.floor(random() * values.length)] as TValue;
}

/** The MIDI note of a scale degree (any integer, wrapping into octaves). */
function degreeNote(root: number, scale: number[], degree: number): number {
  const octave = Math.floor(degree / scale.length);
  const step = degree - octave * scale.length;
  return root + octave * 12 + (scale[step] ?? 0);
}

interface Style {
  beatsPerMinute: number;
  minor: boolean;
  root: number;
  progression: number[];
  drums: boolean;
}

function chooseStyle(prompt: string, random: () => number): Style {
  const tempoShift = MOODS.fast.test(prompt)
    ? 30
    : MOODS.slow.test(prompt)
      ? -25
      : 0;
  return {
    beatsPerMinute: 90 + tempoShift + Math.floor(random() * 30),
    minor: MOODS.minor.test(prompt) || random() < 0.3,
    root: 45 + Math.floor(random() * 12),
    progression: pick(random, PROGRESSIONS),
    drums: !MOODS.noDrums.test(prompt) && random() < 0.8,
  };
}

/** The pad chord, bass line and drums of one bar. */
function rhythmSection(options: {
  style: Style;
  degree: number;
  start: number;
  beat: number;
}): NoteEvent[] {
  const { style, degree, start, beat } = options;
  const scale = style.minor ? MINOR : MAJOR;
  const events: NoteEvent[] = [0, 2, 4].map((third) => ({
    instrument: 'pad',
    start,
    length: beat * 4,
    note: degreeNote(style.root + 12, scale, degree + third),
    velocity: 0.5,
  }));
  for (let step = 0; step < 4; step += 1) {
    const at = start + step * beat;
    events.push({
      instrument: 'bass',
      start: at,
      length: beat * 0.9,
      note: degreeNote(style.root - 12, scale, degree + (step === 2 ? 4 : 0)),
      velocity: step === 0 ? 0.9 : 0.7,
    });
    if (!style.drums) continue;
    if (step % 2 === 0) {
      events.push({
        instrument: 'kick',
        start: at,
        length: 0.25,
        note: 0,
        velocity: 0.9,
      });
    }
    events.push({
      instrument: 'hat',
      start: at + beat / 2,
      length: 0.06,
      note: 0,
      velocity: 0.4,
    });
  }
  return events;
}

/** The lead melody of one bar: a seeded walk on the scale, with rests; returns where it ended. */
function melody(options: {
  style: Style;
  random: () => number;
  start: number;
  beat: number;
  from: number;
}): { events: NoteEvent[]; degree: number } {
  const { style, random, start, beat } = options;
  const scale = style.minor ? MINOR : MAJOR;
  const events: NoteEvent[] = [];
  let degree = options.from;
  for (let eighth = 0; eighth < 8; eighth += 1) {
    if (random() < 0.3) continue;
    degree = Math.min(
      14,
      Math.max(4, degree + pick(random, [-2, -1, -1, 0, 1, 1, 2])),
    );
    events.push({
      instrument: 'lead',
      start: start + (eighth * beat) / 2,
      length: ((random() < 0.3 ? 2 : 1) * beat) / 2,
      note: degreeNote(style.root + 12, scale, degree),
      velocity: 0.5 + random() * 0.3,
    });
  }
  return { events, degree };
}

/**
 * Writes a piece for a prompt and seed: a tempo, a key and a four-chord
 * progression, then per bar a pad chord, a bass line on the beats, a lead
 * melody and, unless the prompt is calm, kick and hi-hat. Words of the
 * prompt steer tempo, mode and drums; the seed decides the rest. Same
 * prompt and seed, same score.
 */
export function writeScore(options: {
  prompt: string;
  seed: number;
  seconds: number;
}): Score {
  const random = seededRandom(hashText(options.prompt, options.seed));
  const style = chooseStyle(options.prompt, random);
  const beat = 60 / style.beatsPerMinute;
  const events: NoteEvent[] = [];
  let degree = 7 + Math.floor(random() * 3);
  for (let bar = 0; bar * beat * 4 < options.seconds; bar += 1) {
    const start = bar * beat * 4;
    const chord = style.progression[bar % style.progression.length] ?? 0;
    events.push(...rhythmSection({ style, degree: chord, start, beat }));
    const line = melody({ style, random, start, beat, from: degree });
    events.push(...line.events);
    degree = line.degree;
  }
  return { beatsPerMinute: style.beatsPerMinute, minor: style.minor, events };
}
