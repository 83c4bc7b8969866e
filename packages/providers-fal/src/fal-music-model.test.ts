import { fixtureResponse } from '@switchyard/testing';
import {
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { silentWav } from './__fixtures__/silent-wav';
import { createFal } from './index';

// The queue answers are rebuilt from fal's queue docs (shared fixtures); the
// ACE-Step output ({ audio: File }) is the File shape of the recorded fal
// outputs, pointing at a fake media host serving a generated WAV.
const ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const MODEL = 'fal-ai/ace-step/prompt-to-audio';
const SUBMIT = `POST /queue/${MODEL}`;
const STATUS = `GET /queue/fal-ai/ace-step/requests/${ID}/status`;
const RESULT = `GET /queue/fal-ai/ace-step/requests/${ID}`;
const CANCEL = `PUT /queue/fal-ai/ace-step/requests/${ID}/cancel`;
const MEDIA = 'GET /media/files/lion/song.wav';
const WAV = silentWav(1000, 44_100);

const fal = (url: string) =>
  createFal({
    baseURL: `${url}/run`,
    queueURL: `${url}/queue`,
    pollIntervalMs: 1,
    apiKey: 'fal-secret-key',
  });

describeRecordedErrors({
  routes: [SUBMIT],
  secret: 'fal-secret-key',
  call: (url) =>
    fal(url).musicModel(MODEL).generate({ prompt: 'lofi beat' }, {}),
  cases: {
    'fal/error-401.unauthorized.json': { code: 'auth' },
    'fal/error-404.not-found.json': { code: 'not_found' },
    'fal/error-422.validation.json': { code: 'invalid_request' },
    [new URL('./__fixtures__/error-403.exhausted-balance.json', import.meta.url)
      .pathname]: { code: 'quota_exceeded' },
  },
});

describe('fal music model', () => {
  const upstream = useFakeUpstream({
    [SUBMIT]: { response: fixtureResponse('fal/queue.1-submit.json') },
    [STATUS]: {
      response: [
        fixtureResponse('fal/queue.2-status.in-queue.json'),
        fixtureResponse('fal/queue.4-status.completed.json'),
      ],
    },
    [CANCEL]: {
      response: { type: 'json', status: 202, body: { status: 'OK' } },
    },
    [MEDIA]: { response: { type: 'binary', body: WAV } },
  });
  const output = () => ({
    response: {
      type: 'json' as const,
      body: {
        audio: {
          url: `${upstream.url}/media/files/lion/song.wav`,
          content_type: 'audio/wav',
          file_name: 'song.wav',
          file_size: WAV.byteLength,
        },
      },
    },
  });

  it('should submit prompt, seconds, instrumental and seed, poll, and download the song', async () => {
    upstream.routes[RESULT] = output();
    const statuses: string[] = [];
    const result = await fal(upstream.url)
      .musicModel(MODEL)
      .generate(
        {
          prompt: 'lofi beat, rain',
          durationMs: 30_000,
          instrumental: true,
          seed: 7,
          format: 'mp3',
        },
        { task: { onStatus: (status) => statuses.push(status.state) } },
      );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      prompt: 'lofi beat, rain',
      duration: 30,
      instrumental: true,
      seed: 7,
    });
    expect(statuses).toEqual(['queued', 'succeeded']);
    expect(upstream.calls.at(-1)?.url).toBe('/media/files/lion/song.wav');
    expect(result.audio).toEqual({
      base64: Buffer.from(WAV).toString('base64'),
      format: 'wav',
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'format',
    ]);
  });

  it('should resume a task by id without submitting it again', async () => {
    upstream.routes[RESULT] = output();
    await fal(upstream.url)
      .musicModel(MODEL)
      .generate({ prompt: 'lofi beat' }, { task: { resumeTaskId: ID } });
    expect(upstream.calls.map((call) => call.method + ' ' + call.url)).toEqual([
      STATUS,
      STATUS,
      RESULT,
      MEDIA,
    ]);
  });

  it('should cancel the queued request at fal when the caller aborts', async () => {
    upstream.routes[STATUS] = {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    };
    const controller = new AbortController();
    const call = fal(upstream.url)
      .musicModel(MODEL)
      .generate({ prompt: 'lofi beat' }, { signal: controller.signal });
    await vi.waitFor(() => {
      expect(
        upstream.calls.some((entry) => entry.url.endsWith('/status')),
      ).toBe(true);
    });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => {
      expect(
        upstream.calls.map((entry) => `${entry.method} ${entry.url}`),
      ).toContain(CANCEL);
    });
  });

  it('should cancel a task by id (a durable job giving up on it)', async () => {
    await fal(upstream.url).musicModel(MODEL).cancelTask?.(ID);
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      CANCEL,
    ]);
  });

  it('should list ACE-Step with its duration range, priced per second', () => {
    const [music] = createFal()
      .listModels()
      .filter((info) => info.kind === 'music');
    expect(music).toMatchObject({
      id: MODEL,
      capabilities: {
        maxDurationMs: 240_000,
        minDurationMs: 5_000,
        instrumental: true,
        seed: true,
      },
      cost: { perSecond: 200 },
    });
  });
});
