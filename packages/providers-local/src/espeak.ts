import { createRequire } from 'node:module';
import { readWav, type PcmAudio } from './wav';

/** The part of mespeak's API this module uses (the package ships no types). */
interface MeSpeak {
  loadConfig(config: unknown): void;
  loadVoice(voice: unknown): void;
  isVoiceLoaded(voiceId: string): boolean;
  speak(text: string, options: Record<string, unknown>): number[] | null;
}

const require = createRequire(import.meta.url);

/**
 * Calls one eSpeak instance serves before a fresh one replaces it. The
 * emscripten build leaks a file stream per call and its stream ids grow into
 * the heap: about the 79th call returns garbage and the next aborts the
 * process. A fresh instance costs ~40 ms; a third of that limit keeps far
 * from it.
 */
export const CALLS_PER_ENGINE = 24;
/** eSpeak's slowest rate, in words per minute. */
export const MIN_WORDS_PER_MINUTE = 80;
/** eSpeak's default rate: speed 1. */
export const DEFAULT_WORDS_PER_MINUTE = 175;

interface Engine {
  mespeak: MeSpeak;
  calls: number;
}

let engine: Engine | undefined;

/** Loads mespeak anew (its module keeps one eSpeak instance) with its phoneme data. */
function freshEngine(): Engine {
  const entry = require.resolve('mespeak');
  Reflect.deleteProperty(require.cache, entry);
  const mespeak = withoutWarnings(() => require(entry) as MeSpeak);
  mespeak.loadConfig(require('mespeak/src/mespeak_config.json'));
  return { mespeak, calls: 0 };
}

/**
 * Runs `load` with this thread's `console.warn` silenced: mespeak announces
 * on load that Node cannot play audio (the raw WAV is all it is used for
 * here), which would otherwise reach the server's log on every reload.
 */
function withoutWarnings<TValue>(load: () => TValue): TValue {
  /* eslint-disable no-console -- silencing one known line, then restoring */
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return load();
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

function currentEngine(): Engine {
  if (engine === undefined || engine.calls >= CALLS_PER_ENGINE) {
    engine = freshEngine();
  }
  return engine;
}

/** What {@link speakPcm} says. */
export interface SpeakOptions {
  text: string;
  /** The mespeak voice module (`en/en-us`), also its voice id. */
  voice: string;
  variant?: string;
  wordsPerMinute: number;
}

function speakOnce(options: SpeakOptions): PcmAudio | undefined {
  const current = currentEngine();
  current.calls += 1;
  const { mespeak } = current;
  if (!mespeak.isVoiceLoaded(options.voice)) {
    mespeak.loadVoice(require(`mespeak/voices/${options.voice}.json`));
  }
  // The text is eSpeak's last command-line argument: a leading space keeps
  // a text that starts with "-" from being read as an option.
  const bytes = mespeak.speak(` ${options.text}`, {
    rawdata: 'array',
    voice: options.voice,
    speed: Math.round(options.wordsPerMinute),
    ...(options.variant === undefined ? {} : { variant: options.variant }),
  });
  return bytes === null ? undefined : readWav(Uint8Array.from(bytes));
}

/**
 * Synthesizes speech with eSpeak (mespeak, an emscripten build): mono
 * 16-bit PCM at 22,050 Hz. CPU-bound (tens of ms for a sentence, seconds for
 * thousands of characters): call it in a worker thread. A malformed output
 * gets one retry on a fresh eSpeak instance; undefined when that fails too.
 */
export function speakPcm(options: SpeakOptions): PcmAudio | undefined {
  const first = speakOnce(options);
  if (first !== undefined) return first;
  engine = undefined;
  return speakOnce(options);
}
