import type { TaskStatus, VideoRequest } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  describeModelConformance,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import {
  DOWNLOADED,
  KEY,
  MP4_BASE64,
  OPERATION,
  POLL,
  SUBMIT,
  DOWNLOAD,
  done,
  mp4Answer,
  callsOf,
  veoAt,
  veoRoutes,
} from './__fixtures__/veo-responses';
import { createGemini, switchyardProvider } from './index';

describe('Gemini Veo (videoModel)', () => {
  const upstream = useFakeUpstream(veoRoutes(() => upstream.url));
  const veo = (modelId?: string) => veoAt(upstream.url, modelId);
  const callsMade = () => callsOf(upstream);

  it('should submit, poll the operation and download its MP4 with the key', async () => {
    const submitted: string[] = [];
    const statuses: TaskStatus[] = [];
    const result = await veo().generate(
      {
        prompt: 'A paper boat drifting down a rainy street gutter',
        negativePrompt: 'cartoon, low quality',
        aspectRatio: '16:9',
        durationMs: 8_000,
        seed: 7,
        providerOptions: { gemini: { personGeneration: 'allow_all' } },
      },
      {
        task: {
          onSubmitted: (taskId) => void submitted.push(taskId),
          onStatus: (status) => statuses.push(status),
        },
      },
    );
    expect(callsMade()).toEqual([SUBMIT, POLL, POLL, DOWNLOADED]);
    const [submit, , , download] = upstream.calls;
    expect(submit?.headers['x-goog-api-key']).toBe(KEY);
    expect(submit?.bodyJson).toEqual({
      instances: [
        { prompt: 'A paper boat drifting down a rainy street gutter' },
      ],
      parameters: {
        aspectRatio: '16:9',
        durationSeconds: 8,
        negativePrompt: 'cartoon, low quality',
        personGeneration: 'allow_all',
        seed: 7,
      },
    });
    // The file URI is not pre-signed: Google's host gets the key.
    expect(download?.headers['x-goog-api-key']).toBe(KEY);
    expect(submitted).toEqual([OPERATION]);
    expect(statuses[0]).toEqual({ state: 'running' });
    // Core's check read the bytes: Veo 3's soundtrack is there.
    expect(result.video).toEqual({
      base64: MP4_BASE64,
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 8_000,
      width: 1280,
      height: 720,
      fps: 24,
      hasAudio: true,
    });
    expect(result.warnings).toEqual([]);
  });

  it('should round the length, derive the frame from width/height and say what it changed', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ).toString('base64');
    const result = await veo().generate(
      {
        prompt: 'x',
        image: { base64: png, mimeType: 'image/png' },
        durationMs: 5_000,
        width: 1080,
        height: 1920,
        fps: 30,
        withAudio: false,
      },
      {},
    );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      instances: [
        {
          prompt: 'x',
          image: { bytesBase64Encoded: png, mimeType: 'image/png' },
        },
      ],
      parameters: {
        aspectRatio: '9:16',
        resolution: '1080p',
        durationSeconds: 6,
      },
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'durationMs',
      'fps',
      'withAudio',
    ]);
  });

  it('should send Veo 2 no resolution and no seed, and warn of the seed', async () => {
    upstream.routes['POST /models/veo-2.0-generate-001:predictLongRunning'] = {
      response: fixtureResponse('gemini/veo.predictLongRunning.json'),
    };
    const model = veo('veo-2.0-generate-001');
    expect(model.capabilities).toMatchObject({
      audio: false,
      minDurationMs: 5_000,
      maxDurationMs: 8_000,
    });
    const result = await model.generate(
      { prompt: 'x', width: 1280, height: 720, seed: 3, durationMs: 7_000 },
      {},
    );
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      parameters: { aspectRatio: '16:9', durationSeconds: 8 },
    });
    expect(upstream.calls[0]?.bodyJson).not.toHaveProperty(
      'parameters.resolution',
    );
    expect(upstream.calls[0]?.bodyJson).not.toHaveProperty('parameters.seed');
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'durationMs',
      'seed',
    ]);
  });

  it.each<[Partial<VideoRequest>, string]>([
    [{ image: { url: 'https://example.com/a.png' } }, 'unsupported'],
    [{ format: 'webm' as const }, 'unsupported'],
    [
      { providerOptions: { gemini: { generateAudio: false } } },
      'invalid_request',
    ],
    [
      { image: { base64: 'bm90IGFuIGltYWdl', mimeType: 'image/png' } },
      'invalid_request',
    ],
  ])('should refuse %j before any call', async (extra, code) => {
    await expect(
      veo().generate({ prompt: 'x', ...extra }, {}),
    ).rejects.toMatchObject({ code });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should list the Veo models with their prices per second', () => {
    const models = createGemini({ apiKey: KEY }).listModels();
    const video = models.filter((model) => model.kind === 'video');
    expect(video.map(({ id, cost }) => ({ id, cost }))).toEqual([
      { id: 'veo-3.0-generate-001', cost: { perSecond: 400_000 } },
      { id: 'veo-3.0-fast-generate-001', cost: { perSecond: 150_000 } },
      { id: 'veo-2.0-generate-001', cost: { perSecond: 350_000 } },
    ]);
    expect(switchyardProvider.features).toContain('video');
  });
});

describe('Gemini Veo conformance upstream', () => {
  const upstream = useFakeUpstream({
    [SUBMIT]: {
      response: fixtureResponse('gemini/veo.predictLongRunning.json'),
    },
    [POLL]: { response: () => done(upstream.url) },
    [DOWNLOAD]: { response: mp4Answer },
  });
  describeModelConformance({
    name: 'gemini veo',
    kind: 'video',
    modelId: 'veo-3.0-generate-001',
    model: () =>
      createGemini({
        baseURL: upstream.url,
        apiKey: KEY,
        pollIntervalMs: 1,
      }).videoModel('veo-3.0-generate-001'),
    request: { prompt: 'A paper boat', durationMs: 8_000 },
    slowRequest: { prompt: 'A paper boat' },
    listModels: () => createGemini({ apiKey: KEY }).listModels(),
  });
});
