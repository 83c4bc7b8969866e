import { rm } from 'node:fs/promises';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAR_MASK_BASE64, RED_PNG_BASE64 } from './media-samples';
import {
  consumerIn,
  CREDITS,
  prepareGateway,
  type AudioResult,
  type Credits,
  type ImageEditResult,
  type Job,
} from './modalities-harness';
import {
  FAL,
  PRICES,
  SONG_MS,
  SPEECH_MP3,
  type ModalitiesUpstream,
} from './modalities-upstream';
import {
  installPackedSdk,
  startBuiltServer,
  typeCheck,
  TYPESCRIPT_VERSION,
  type BuiltServer,
} from './packed-sdk';

// Issue 14's "done means", end to end: an outside project's compiled code
// (test/consumer/src/modalities.ts, on the packed SDK) calls a built gateway
// whose providers are fake upstreams on 127.0.0.1 replaying fixtures.
// outside-consumer.test.ts checks the offline `local` audio and edits.

const PNG_SIGNATURE = '89504e470d0a1a0a';
const { perCharacter: PER_CHARACTER, perSecond: PER_SECOND } = PRICES;

let directory: string;
let consumer: ReturnType<typeof consumerIn>;

beforeAll(async () => {
  directory = await installPackedSdk({
    template: 'consumer',
    devDependencies: { typescript: TYPESCRIPT_VERSION },
  });
  // Compiles modalities.ts to dist/ against the packed SDK's types.
  expect(await typeCheck(directory)).toBe('');
  consumer = consumerIn(directory);
}, 180_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('speech, music, edits and a mixed batch through the packed SDK', () => {
  let fakes: ModalitiesUpstream;
  let server: BuiltServer;
  let gateway: { url: string; apiKey: string };

  beforeAll(async () => {
    const setup = await prepareGateway({
      directory,
      folder: 'gateway',
      falDone: true,
    });
    fakes = setup.fakes;
    server = await startBuiltServer(setup.cwd, {
      environment: setup.environment,
    });
    gateway = { url: server.url, apiKey: setup.apiKey };
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await fakes?.upstream.close();
  });

  it('should fall back from a rate-limited OpenAI to ElevenLabs and return decodable MP3', async () => {
    const text = 'The first move is what sets everything in motion.';
    const speech = await consumer<AudioResult>('speak', gateway, { text });
    expect(speech).toMatchObject({
      type: 'speech',
      provider: 'elevenlabs',
      model: 'eleven_flash_v2_5',
      fallbackUsed: true,
      characters: text.length,
    });
    const [openai, elevenlabs] = speech.attempts;
    expect(speech.attempts).toHaveLength(2);
    expect(openai).toEqual({ provider: 'openai', model: 'tts-1', outcome: 'error', code: 'rate_limited' }); // prettier-ignore
    expect(elevenlabs).toEqual({ provider: 'elevenlabs', model: 'eleven_flash_v2_5', outcome: 'success' }); // prettier-ignore
    // OpenAI's Retry-After (20 s) is past maxRetryAfterMs: no retry, a fallback.
    expect(fakes.callsTo('POST /openai/v1/audio/speech')).toHaveLength(1);
    const bytes = Buffer.from(speech.audio.base64 ?? '', 'base64');
    expect(bytes.equals(SPEECH_MP3)).toBe(true);
    const decoded = await parseBuffer(bytes, { mimeType: 'audio/mpeg' });
    expect(decoded.format).toMatchObject({
      container: 'MPEG',
      codec: 'MPEG 1 Layer 3',
      sampleRate: 44_100,
    });
    expect(speech.audio).toMatchObject({
      format: 'mp3',
      mimeType: 'audio/mpeg',
    });
    expect(speech.audio.durationMs).toBeGreaterThan(0);
    expect(speech.audio.durationMs).toBeCloseTo(
      (decoded.format.duration ?? 0) * 1000,
      -1,
    );
  }, 30_000);

  it('should skip an image target that cannot edit without calling it, and edit with the next', async () => {
    const before = fakes.calls().length;
    const edit = await consumer<ImageEditResult>('editImage', gateway, {
      route: 'edit',
      prompt: 'make the square blue',
      imageBase64: RED_PNG_BASE64,
      maskBase64: CLEAR_MASK_BASE64,
    });
    expect(edit.attempts).toMatchObject([
      {
        provider: 'openai',
        model: 'dall-e-3',
        outcome: 'skipped',
        reason: 'unsupported',
      },
      { provider: 'openai', model: 'gpt-image-1', outcome: 'success' },
    ]);
    expect(edit).toMatchObject({ provider: 'openai', model: 'gpt-image-1' });
    // dall-e-3 was never called: the only upstream call is gpt-image-1's edit.
    expect(fakes.calls().slice(before)).toEqual([
      'POST /openai/v1/images/edits',
    ]);
    const [image] = edit.images;
    expect(image?.mimeType).toBe('image/png');
    expect(
      Buffer.from(image?.base64 ?? '', 'base64')
        .subarray(0, 8)
        .toString('hex'),
    ).toBe(PNG_SIGNATURE);
    // The multipart OpenAI received carries the picture and the mask.
    const [call] = fakes.callsTo('POST /openai/v1/images/edits');
    const form = await new Response(call?.bodyBytes, {
      headers: { 'content-type': call?.headers['content-type'] ?? '' },
    }).formData();
    expect(form.get('model')).toBe('gpt-image-1');
    expect(form.get('prompt')).toBe('make the square blue');
    const sent = async (name: string) =>
      Buffer.from(await (form.get(name) as Blob).arrayBuffer()).toString(
        'base64',
      );
    expect(await sent('image')).toBe(RED_PNG_BASE64);
    expect(await sent('mask')).toBe(CLEAR_MASK_BASE64);
  }, 30_000);

  it('should run a mixed batch of image, speech and text in which only the unsupported voice fails', async () => {
    const openAISpeech = fakes.callsTo('POST /openai/v1/audio/speech').length;
    const items = await consumer<unknown[]>('illustratedStory', gateway);
    expect(items).toEqual([
      { index: 0, ok: true, type: 'image', provider: 'local' },
      { index: 1, ok: true, type: 'speech', provider: 'elevenlabs' },
      { index: 2, ok: true, type: 'text', provider: 'local' },
      { index: 3, ok: false, code: 'unsupported' },
    ]);
    // The unknown voice was refused before any call: one OpenAI call (item 1's).
    expect(fakes.callsTo('POST /openai/v1/audio/speech')).toHaveLength(
      openAISpeech + 1,
    );
  }, 30_000);

  it('should charge speech by characters and music by measured seconds, exactly', async () => {
    const before = await consumer<Credits>('credits', gateway);
    const text = 'Exactly forty-two characters, all counted.';
    const speech = await consumer<AudioResult>('speak', gateway, { text });
    const music = await consumer<AudioResult>('compose', gateway, {
      prompt: 'lofi piano, rain on the window',
      durationMs: 6_000,
      instrumental: true,
    });
    expect(music).toMatchObject({
      type: 'music',
      provider: 'fal',
      audio: { format: 'wav', durationMs: SONG_MS, sampleRate: 8_000 },
    });
    const speechCharge = text.length * PER_CHARACTER;
    const musicCharge = Math.ceil((SONG_MS / 1000) * PER_SECOND); // 1831.5 → 1832
    expect(speech.cost.microCredits).toBe(speechCharge);
    expect(music.cost.microCredits).toBe(musicCharge);
    const after = await consumer<Credits>('credits', gateway);
    expect(before.balance - after.balance).toBe(speechCharge + musicCharge);
    expect(after.reserved).toBe(0);
    expect(after.history.slice(0, 2)).toMatchObject([
      { status: 'succeeded', provider: 'fal', costMicroCredits: musicCharge },
      {
        status: 'succeeded',
        provider: 'elevenlabs',
        costMicroCredits: speechCharge,
      },
    ]);
  }, 30_000);
});

describe('a music job on the fal queue across a gateway restart', () => {
  let setup: Awaited<ReturnType<typeof prepareGateway>>;
  const servers: BuiltServer[] = [];

  beforeAll(async () => {
    setup = await prepareGateway({
      directory,
      folder: 'restart',
      falDone: false,
    });
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await setup?.fakes.upstream.close();
  });

  it('should resume polling the same fal task on a second gateway and charge once', async () => {
    const { fakes, cwd, environment, apiKey } = setup;
    const first = await startBuiltServer(cwd, { environment });
    servers.push(first);
    const submitted = await consumer<Job>(
      'submitMusicJob',
      { url: first.url, apiKey },
      {
        prompt: 'a slow cello over rain',
        durationMs: 6_000,
        instrumental: true,
      },
    );
    await fakes.falPolled; // the task id is stored before the first poll
    expect(
      await consumer<Job>('getJob', { url: first.url, apiKey }, submitted.id),
    ).toMatchObject({
      status: 'running',
      target: 'fal:fal-ai/ace-step/prompt-to-audio',
    });
    await first.stop(); // graceful: the fal task is left running
    expect(fakes.callsTo(FAL.cancel)).toHaveLength(0);

    const second = await startBuiltServer(cwd, { environment });
    servers.push(second);
    fakes.completeFalTask();
    const { job } = await consumer<{ types: string[]; job: Job }>(
      'followJob',
      { url: second.url, apiKey },
      submitted.id,
    );
    expect(job).toMatchObject({
      status: 'succeeded',
      result: {
        type: 'music',
        provider: 'fal',
        audio: { format: 'wav', durationMs: SONG_MS },
      },
    });
    await second.waitForLog(
      (line) =>
        line.msg === 'resuming a job: polling its provider task' &&
        line.job === submitted.id,
    );
    expect(fakes.callsTo(FAL.submit)).toHaveLength(1);
    const charge = Math.ceil((SONG_MS / 1000) * PER_SECOND);
    expect(job.result?.cost.microCredits).toBe(charge);
    const credits = await consumer<Credits>('credits', {
      url: second.url,
      apiKey,
    });
    expect(credits.balance).toBe(CREDITS - charge);
    expect(credits.history).toMatchObject([
      { status: 'succeeded', provider: 'fal', costMicroCredits: charge },
    ]);
  }, 60_000);

  // The first gateway, stopping, frees the hold of the call it leaves to
  // the second (which holds and captures its own).
  it('should leave nothing reserved once the resumed job is charged', async () => {
    const second = servers.at(-1);
    const credits = await consumer<Credits>('credits', {
      url: second?.url,
      apiKey: setup.apiKey,
    });
    expect(credits.reserved).toBe(0);
  });
});
