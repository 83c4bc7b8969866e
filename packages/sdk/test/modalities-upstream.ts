import {
  createFakeUpstream,
  fixtureResponse,
  type FakeCall,
  type FakeUpstream,
} from '@switchyard/testing';
import { mp3Bytes, wavBytes } from './media-samples';

// Fixtures (in @switchyard/testing; its fixtures README gives each source):
// - openai/error-429.audio-speech.rate-limit-rpm.json: body captured, headers
//   rebuilt from OpenAI's rate-limit docs;
// - openai/images-edits.gpt-image-1.json: recorded (SDK session record);
// - elevenlabs/text-to-speech.success.headers.json: rebuilt from docs, the
//   MP3 body generated here;
// - fal/queue.1-submit.json, queue.3-status.in-progress.json,
//   queue.4-status.completed.json: rebuilt from fal's queue docs; the
//   ACE-Step result ({ audio: File }) and its WAV are made here.

/** The request id of fal's queue fixtures. */
export const FAL_REQUEST_ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const FAL_APP = '/fal-queue/fal-ai/ace-step';
/** fal's endpoints as `METHOD path`, as the fake records them. */
export const FAL = {
  submit: `POST ${FAL_APP}/prompt-to-audio`,
  status: `GET ${FAL_APP}/requests/${FAL_REQUEST_ID}/status`,
  result: `GET ${FAL_APP}/requests/${FAL_REQUEST_ID}`,
  cancel: `PUT ${FAL_APP}/requests/${FAL_REQUEST_ID}/cancel`,
  media: 'GET /fal-media/ace-step.wav',
};
/** The song fal "makes": 5.5 s of 8 kHz silence (an exact sample count). */
export const SONG_MS = 5_500;
const SONG = wavBytes({ sampleRate: 8_000, durationMs: SONG_MS });
/** ElevenLabs's answer: 40 MP3 frames, about 1 s. */
export const SPEECH_MP3 = mp3Bytes(40);

/** The fake upstreams of one gateway, and fal's task as the test steers it. */
export interface ModalitiesUpstream {
  upstream: FakeUpstream;
  /** `METHOD path` of every call so far (no query). */
  calls(): string[];
  /** The calls to one `METHOD path`. */
  callsTo(route: string): FakeCall[];
  /** Resolves at fal's first status poll (the task id is stored before it). */
  falPolled: Promise<void>;
  /** From now on fal says the task is COMPLETED. */
  completeFalTask(): void;
}

const routeOf = (call: FakeCall) =>
  `${call.method} ${new URL(call.url, 'http://fake').pathname}`;

/**
 * One fake upstream for OpenAI (speech rate-limited, gpt-image-1 edits),
 * ElevenLabs (speech) and fal (ACE-Step on the queue, its WAV on a media
 * host). fal's task runs until {@link ModalitiesUpstream.completeFalTask},
 * or is done at once with `falDone`.
 */
export async function createModalitiesUpstream(options: {
  falDone: boolean;
}): Promise<ModalitiesUpstream> {
  let falDone = options.falDone;
  let polled!: () => void;
  const falPolled = new Promise<void>((resolve) => (polled = resolve));
  const upstream = await createFakeUpstream({
    'POST /openai/v1/audio/speech': {
      response: fixtureResponse(
        'openai/error-429.audio-speech.rate-limit-rpm.json',
      ),
    },
    'POST /openai/v1/images/edits': {
      response: fixtureResponse('openai/images-edits.gpt-image-1.json'),
    },
    'POST /elevenlabs/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb': {
      response: {
        ...fixtureResponse('elevenlabs/text-to-speech.success.headers.json'),
        type: 'binary',
        body: SPEECH_MP3,
      },
    },
    [FAL.submit]: { response: fixtureResponse('fal/queue.1-submit.json') },
    [FAL.status]: {
      response: () => {
        polled();
        return fixtureResponse(
          falDone
            ? 'fal/queue.4-status.completed.json'
            : 'fal/queue.3-status.in-progress.json',
        );
      },
    },
    [FAL.cancel]: {
      response: { type: 'json', status: 202, body: { status: 'OK' } },
    },
    [FAL.media]: {
      response: {
        type: 'binary',
        headers: { 'content-type': 'audio/wav' },
        body: SONG,
      },
    },
  });
  upstream.routes[FAL.result] = {
    response: {
      type: 'json',
      body: {
        audio: {
          url: `${upstream.url}/fal-media/ace-step.wav`,
          content_type: 'audio/wav',
          file_name: 'ace-step.wav',
          file_size: SONG.byteLength,
        },
      },
    },
  };
  return {
    upstream,
    calls: () => upstream.calls.map(routeOf),
    callsTo: (route) =>
      upstream.calls.filter((call) => routeOf(call) === route),
    falPolled,
    completeFalTask() {
      falDone = true;
    },
  };
}

/** The prices the config sets, in micro-credits: a character of ElevenLabs Flash v2.5, a second of ACE-Step. */
export const PRICES = { perCharacter: 7, perSecond: 333 } as const;

/**
 * A gateway config (YAML) on `upstreamURL`, its store in `sqlite:./switchyard.db`
 * beside it, with {@link PRICES}.
 */
export function modalitiesConfig(upstreamURL: string): string {
  return `
store: { url: "sqlite:./switchyard.db" }
providers:
  openai:
    apiKey: sk-test-openai
    baseURL: "${upstreamURL}/openai/v1"
  elevenlabs:
    apiKey: el-test-key
    baseURL: "${upstreamURL}/elevenlabs"
    prices: { eleven_flash_v2_5: { perCharacter: ${PRICES.perCharacter} } }
  fal:
    apiKey: fal-test-key
    queueURL: "${upstreamURL}/fal-queue"
    pollIntervalMs: 20
    prices: { "fal-ai/ace-step/prompt-to-audio": { perSecond: ${PRICES.perSecond} } }
  local: {}
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
  speech:
    targets: ["openai:tts-1", "elevenlabs:eleven_flash_v2_5"]
  music:
    targets: ["fal:fal-ai/ace-step/prompt-to-audio"]
  edit:
    type: image
    targets: ["openai:dall-e-3", "openai:gpt-image-1"]
`;
}
