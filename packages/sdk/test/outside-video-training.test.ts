import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAR_MASK_BASE64, RED_PNG_BASE64 } from './media-samples';
import {
  installPackedSdk,
  startBuiltServer,
  typeCheck,
  TYPESCRIPT_VERSION,
  type BuiltServer,
} from './packed-sdk';
import {
  CREDITS,
  killHard,
  LORA_IMAGE_LIST_PRICE,
  PRICES,
  startOfflineGateway,
  startVideoConsumer,
  startVideoGateway,
  type ProgressEvent,
  type VideoConsumer,
  type VideoGateway,
} from './video-harness';
import { measureVideo } from './video-samples';
import { MEDIA, MODELS, PREFIX, WEIGHTS_URL } from './video-upstream';

// Issue 15's "done means", end to end: an outside project's compiled code
// (test/consumer/src/video.ts, on the packed SDK) calls a built gateway
// whose fal and Replicate are fake upstreams on 127.0.0.1, and the offline
// default (no config) for the local video and trainer.

/** What the consumer's `account` answers. */
interface Account {
  balance: number;
  reserved: number;
  history: Array<{
    id: string;
    route: string;
    status: string;
    provider?: string;
    model?: string;
    costMicroCredits: number;
  }>;
  generations: Array<{
    id: string;
    route: string;
    status: string;
    attempts: Array<{ provider: string; outcome: string }>;
  }>;
}
/** A video as a result carries it. */
interface Video {
  base64?: string;
  url?: string;
  format: string;
  mimeType: string;
  durationMs: number;
  artifact?: { id: string; path: string; bytes: number; sha256: string };
}
/** A result's routing report, and what each type adds. */
interface Result {
  id: string;
  type: string;
  provider: string;
  model: string;
  fallbackUsed: boolean;
  cost: { microCredits: number };
  attempts: Array<{ provider: string; model: string; outcome: string }>;
  video?: Video;
  images?: Array<{ base64?: string; url?: string }>;
  trainedModel?: { model: string; instance: string; modelId: string };
}
interface Job {
  id: string;
  status: string;
  target?: string;
  result?: Result;
}
interface Followed {
  events: ProgressEvent[];
  job: Job;
}

const sha256 = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex');
const PNG = (base64: string) => ({ base64, mimeType: 'image/png' });
const VIDEO_PROMPT = 'A paper boat drifting down a rainy street gutter';

let directory: string | undefined;
let work: string;
let consumer: VideoConsumer;
let main: VideoGateway;
let offline: { server: BuiltServer; owner: { url: string; apiKey: string } };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'switchyard-video-gateways-'));
  // The install, the fake-backed gateway and the offline one start together.
  const installed = async () => {
    const folder = await installPackedSdk({
      template: 'consumer',
      devDependencies: { typescript: TYPESCRIPT_VERSION },
    });
    directory = folder;
    // Compiles video.ts (and the other consumer files) against the packed SDK's types.
    expect(await typeCheck(folder)).toBe('');
    return folder;
  };
  const settled = await Promise.allSettled([
    installed(),
    startVideoGateway({ directory: work, folder: 'gateway' }),
    startOfflineGateway(work),
  ] as const);
  const [, gateway, local] = settled;
  if (gateway.status === 'fulfilled') main = gateway.value;
  if (local.status === 'fulfilled') offline = local.value;
  for (const one of settled) {
    if (one.status === 'rejected') throw one.reason;
  }
  consumer = startVideoConsumer(directory ?? '');
}, 180_000);

afterAll(async () => {
  await consumer?.close();
  await Promise.all([main?.server.stop(), offline?.server.stop()]);
  await main?.fakes.upstream.close();
  await rm(work, { recursive: true, force: true });
  if (directory !== undefined) {
    await rm(directory, { recursive: true, force: true });
  }
}, 30_000);

describe('video and training on fake fal and Replicate', () => {
  /** What the owner key has been charged so far. */
  let spent = 0;
  const account = (who = main.owner) => consumer.call<Account>('account', who);
  let fellBack: Job;

  it('should fall back to Replicate when fal fails a task it accepted, showing queue position and logs on the way', async () => {
    const { fakes, owner } = main;
    const run = consumer.follow<Followed>('runJob', owner, {
      type: 'video',
      prompt: VIDEO_PROMPT,
      durationMs: 5_000,
    });
    // fal holds the task in its queue until the events have shown it.
    await run.waitFor((event) => event.queuePosition === 2);
    fakes.setKling('running');
    await run.waitFor((event) => event.logs?.includes('Generating video: 40%') ?? false); // prettier-ignore
    fakes.setKling('completed'); // …and its result is a 500 model failure
    const { events, job } = await run.answer;
    fellBack = job;

    expect(job).toMatchObject({
      status: 'succeeded',
      target: `replicate:${MODELS.mochi}`,
      result: {
        type: 'video',
        provider: 'replicate',
        model: MODELS.mochi,
        fallbackUsed: true,
        video: { format: 'mp4', mimeType: 'video/mp4', durationMs: 5_000 },
      },
    });
    expect(job.result?.attempts).toMatchObject([
      { provider: 'fal', model: MODELS.klingText, outcome: 'error', code: 'server_error' }, // prettier-ignore
      { provider: 'replicate', model: MODELS.mochi, outcome: 'success' },
    ]);
    // fal accepted the task once and failed it; Replicate made the video.
    expect(fakes.callsTo(`POST ${PREFIX.falQueue}/${MODELS.klingText}`)).toHaveLength(1); // prettier-ignore
    const [task] = fakes.falTasks;
    expect(fakes.callsTo(`GET ${PREFIX.falQueue}/fal-ai/kling-video/requests/${task?.id}`)).toHaveLength(1); // prettier-ignore
    expect(fakes.callsTo(`POST ${PREFIX.replicate}/predictions`)).toHaveLength(1); // prettier-ignore
    // The events: fal's queue position, then its logs and progress, then Replicate.
    expect(events).toContainEqual(expect.objectContaining({ target: `fal:${MODELS.klingText}`, queuePosition: 2 })); // prettier-ignore
    expect(events).toContainEqual(expect.objectContaining({ type: 'progress', target: `fal:${MODELS.klingText}`, progress: 0.4 })); // prettier-ignore
    expect(events).toContainEqual(expect.objectContaining({ type: 'running', target: `replicate:${MODELS.mochi}` })); // prettier-ignore
    expect(events.at(-1)).toMatchObject({ type: 'succeeded' });

    // Charged for Replicate's 5 s only.
    const charge = 5 * PRICES.mochi;
    expect(job.result?.cost.microCredits).toBe(charge);
    spent += charge;
    expect(await account()).toMatchObject({
      balance: CREDITS - spent,
      reserved: 0,
    });
  }, 30_000);

  it('should serve the kept video with the key after the provider deleted it, and 404 to another key', async () => {
    const { fakes, owner, stranger } = main;
    const artifact = fellBack.result?.video?.artifact;
    const hosted = fakes.mediaBytes(MEDIA.mochi);
    expect(artifact).toMatchObject({
      path: `/artifacts/${artifact?.id}`,
      bytes: hosted.byteLength,
      sha256: sha256(hosted),
    });
    // Copied once, before the job succeeded (its result already names it).
    expect(fakes.callsTo(`GET ${MEDIA.mochi}`)).toHaveLength(1);
    fakes.deleteMedia(MEDIA.mochi);
    const gone = await fetch(`${fakes.upstream.url}${MEDIA.mochi}`);
    expect(gone.status).toBe(404);

    const path = artifact?.path ?? '';
    const [mine, theirs] = await Promise.all([
      consumer.call('fetchArtifact', owner, path),
      consumer.call('fetchArtifact', stranger, path),
    ]);
    expect(mine).toEqual({
      status: 200,
      contentType: 'video/mp4',
      bytes: hosted.byteLength,
      sha256: sha256(hosted),
    });
    expect(theirs).toMatchObject({ status: 404 });
  }, 30_000);

  it('should make a video from an image through generate, sending the image to an image-to-video model', async () => {
    const { fakes, owner } = main;
    const prompt = 'the red square starts to spin';
    const result = await consumer.call<Result>('generateVideo', owner, {
      route: 'animate',
      prompt,
      image: PNG(RED_PNG_BASE64),
      durationMs: 5_000,
    });
    const hosted = fakes.mediaBytes(MEDIA.klingImage);
    expect(result).toMatchObject({
      type: 'video',
      provider: 'fal',
      model: MODELS.klingImage,
      fallbackUsed: false,
      video: {
        format: 'mp4',
        durationMs: 5_000,
        artifact: { sha256: sha256(hosted) },
      },
    });
    const [submit, ...more] = fakes.callsTo(`POST ${PREFIX.falQueue}/${MODELS.klingImage}`); // prettier-ignore
    expect(more).toHaveLength(0);
    expect(submit?.bodyJson).toMatchObject({
      prompt,
      duration: '5',
      image_url: `data:image/png;base64,${RED_PNG_BASE64}`,
    });
    const charge = 5 * PRICES.klingImage;
    expect(result.cost.microCredits).toBe(charge);
    spent += charge;
    expect(await account()).toMatchObject({
      balance: CREDITS - spent,
      reserved: 0,
    });
  }, 30_000);

  it('should train a LoRA on fal, then reach only that fal instance with its reference, and hide it from another key', async () => {
    const { fakes, owner, stranger } = main;
    const { job } = await consumer.call<Followed>('runJob', owner, {
      type: 'training',
      images: [PNG(RED_PNG_BASE64), PNG(CLEAR_MASK_BASE64)],
      triggerWord: 'TOK',
      name: 'my style',
      steps: 500,
    });
    const loraId = `${MODELS.lora}@${Buffer.from(WEIGHTS_URL).toString('base64url')}`; // prettier-ignore
    expect(job).toMatchObject({
      status: 'succeeded',
      result: {
        type: 'training',
        provider: 'fal',
        model: MODELS.trainer,
        trainedModel: {
          model: `fal:${loraId}`,
          instance: 'fal',
          modelId: loraId,
          kind: 'image',
          name: 'my style',
          triggerWord: 'TOK',
          weightsUrl: WEIGHTS_URL,
        },
      },
    });
    // The photos went up as one zip to fal's storage, then to the trainer by URL.
    const [upload] = fakes.callsTo('PUT /fal-upload/training-images.zip');
    expect(Buffer.from(upload?.bodyBytes ?? []).subarray(0, 4).toString('hex')).toBe('504b0304'); // prettier-ignore
    const [submit] = fakes.callsTo(`POST ${PREFIX.falQueue}/${MODELS.trainer}`);
    expect(submit?.bodyJson).toMatchObject({
      images_data_url: `${fakes.upstream.url}/fal-cdn/training-images.zip`,
      trigger_word: 'TOK',
      steps: 500,
    });
    const trainingCharge = PRICES.trainingRun + 500 * PRICES.trainingStep;
    expect(job.result?.cost.microCredits).toBe(trainingCharge);

    const ref = job.result?.trainedModel?.model ?? '';
    const image = await consumer.call<{ ok: boolean; result?: Result }>(
      'generateImage',
      owner,
      { prompt: 'TOK in the snow', model: ref },
    );
    expect(image).toMatchObject({
      ok: true,
      result: { provider: 'fal', fallbackUsed: false },
    });
    expect(image.result?.attempts).toMatchObject([
      { provider: 'fal', outcome: 'success' },
    ]);
    // fal's flux-lora got the weights; the image route's first target (fal-eu) got nothing.
    const [lora, ...moreLora] = fakes.callsTo(`POST ${PREFIX.falQueue}/${MODELS.lora}`); // prettier-ignore
    expect(moreLora).toHaveLength(0);
    expect(lora?.bodyJson).toMatchObject({
      prompt: 'TOK in the snow',
      loras: [{ path: WEIGHTS_URL }],
    });
    expect(fakes.callsUnder(PREFIX.falEuQueue)).toEqual([]);

    // Another key naming the same reference: no such model, nothing called.
    const theirs = await consumer.call('generateImage', stranger, {
      prompt: 'TOK in the snow',
      model: ref,
    });
    expect(theirs).toEqual({ ok: false, code: 'not_found' });
    expect(fakes.callsTo(`POST ${PREFIX.falQueue}/${MODELS.lora}`)).toHaveLength(1); // prettier-ignore
    expect(fakes.callsUnder(PREFIX.falEuQueue)).toEqual([]);

    spent += trainingCharge + LORA_IMAGE_LIST_PRICE;
    const trainingId = job.result?.id ?? '';
    const [after, strangers, storedType] = await Promise.all([
      account(),
      account(stranger),
      consumer.call('generationType', owner, trainingId),
    ]);
    expect(after).toMatchObject({ balance: CREDITS - spent, reserved: 0 });
    expect(strangers).toMatchObject({ balance: CREDITS, reserved: 0 });
    // The training is listed like any call, before the image it led to.
    expect(after.history.slice(0, 2)).toMatchObject([
      { route: 'image', status: 'succeeded', provider: 'fal', costMicroCredits: LORA_IMAGE_LIST_PRICE }, // prettier-ignore
      { id: trainingId, route: 'training', status: 'succeeded', provider: 'fal', model: MODELS.trainer, costMicroCredits: trainingCharge }, // prettier-ignore
    ]);
    expect(after.generations).toContainEqual(
      expect.objectContaining({
        id: trainingId,
        route: 'training',
        status: 'succeeded',
        attempts: [{ provider: 'fal', outcome: 'success' }],
      }),
    );
    expect(storedType).toBe('training');
  }, 30_000);

  // Last on this gateway: the killed process's hold is left behind (see below).
  it('should finish a video job across a kill -9 mid-poll with one fal submission, charged once', async () => {
    const { fakes, cwd, environment, owner } = main;
    fakes.failKling(false);
    fakes.setKling('queued');
    const since = fakes.falTasks.length;
    const submitted = await consumer.call<Job>('submitJob', owner, {
      type: 'video',
      prompt: 'a lighthouse in a storm',
      durationMs: 5_000,
    });
    // fal has the task and was polled at least once: the task id is stored.
    const task = await fakes.polled(MODELS.klingText, since);
    await killHard(main.server);
    fakes.setKling('completed');

    main.server = await startBuiltServer(cwd, { environment });
    const restarted = { ...owner, url: main.server.url };
    const { job } = await consumer.call<Followed>(
      'followJob',
      restarted,
      submitted.id,
    );
    const hosted = fakes.mediaBytes(MEDIA.klingText);
    expect(job).toMatchObject({
      status: 'succeeded',
      result: {
        type: 'video',
        provider: 'fal',
        model: MODELS.klingText,
        fallbackUsed: false,
        video: { durationMs: 5_000, artifact: { sha256: sha256(hosted) } },
      },
    });
    // One submission in all; the new process polled that same task.
    expect(fakes.falTasks.slice(since)).toEqual([task]);
    expect(fakes.callsTo(`POST ${PREFIX.replicate}/predictions`)).toHaveLength(
      1,
    ); // case 1's only
    await main.server.waitForLog(
      (line) =>
        line.msg === 'resuming a job: polling its provider task' &&
        line.job === submitted.id,
    );

    const charge = 5 * PRICES.klingText;
    expect(job.result?.cost.microCredits).toBe(charge);
    spent += charge;
    const credits = await account(restarted);
    expect(credits.balance).toBe(CREDITS - spent);
    expect(credits.history[0]).toMatchObject({
      id: job.result?.id,
      status: 'succeeded',
      provider: 'fal',
      costMicroCredits: charge,
    });
  }, 40_000);

  // The killed process's hold names the job: the process that resumes it
  // frees that hold at once, not when it expires (an hour for video).
  it('should leave nothing reserved after the kill -9', async () => {
    const credits = await account({ ...main.owner, url: main.server.url });
    expect(credits.reserved).toBe(0);
  });
});

describe('the offline loop with the default config', () => {
  it('should make a playable local video and train a local style that changes the pictures, for free', async () => {
    const { owner } = offline;
    const { job: video } = await consumer.call<Followed>('runJob', owner, {
      type: 'video',
      prompt: 'a lighthouse at dusk',
      durationMs: 1_500,
    });
    expect(video.result).toMatchObject({
      provider: 'local',
      video: { format: 'apng', mimeType: 'image/apng', durationMs: 1_500 },
    });
    const bytes = Buffer.from(video.result?.video?.base64 ?? '', 'base64');
    const measured = await measureVideo(bytes, 'apng');
    expect(measured).toMatchObject({ ok: true, durationMs: 1_500 });
    expect(measured.ok && (measured.frames ?? 0)).toBeGreaterThan(1);
    expect(video.result?.video?.artifact?.sha256).toBe(sha256(bytes));

    const { job: training } = await consumer.call<Followed>('runJob', owner, {
      type: 'training',
      images: [PNG(RED_PNG_BASE64)],
      triggerWord: 'TOK',
      name: 'red style',
    });
    const ref = training.result?.trainedModel?.model ?? '';
    expect(ref).toMatch(/^local:trained-/);
    const picture = async (target: { provider?: string; model: string }) => {
      const answer = await consumer.call<{ result?: Result }>(
        'generateImage',
        owner,
        { prompt: 'TOK in the snow', seed: 7, width: 64, height: 64, ...target }, // prettier-ignore
      );
      return answer.result?.images?.[0]?.base64;
    };
    const procedural = { provider: 'local', model: 'procedural' };
    const [plain, again, trained] = await Promise.all([
      picture(procedural),
      picture(procedural),
      picture({ model: ref }),
    ]);
    expect(plain).toBeDefined();
    // Same prompt and seed: the plain model repeats itself, the trained one differs.
    expect(again).toBe(plain);
    expect(trained).toBeDefined();
    expect(trained).not.toBe(plain);

    const credits = await consumer.call<Account>('account', owner);
    expect(credits).toMatchObject({ balance: CREDITS, reserved: 0 });
    expect(credits.history).toContainEqual(
      expect.objectContaining({ route: 'training', provider: 'local' }),
    );
  }, 30_000);
});
