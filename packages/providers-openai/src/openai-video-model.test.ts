import type { TaskStatus, VideoRequest } from '@switchyard/core';
import {
  describeModelConformance,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { base64, pngBytes } from './__fixtures__/media-samples';
import {
  CONTENT,
  CREATE,
  KEY,
  MP4_BASE64,
  POLL,
  THUMBNAIL,
  VIDEO_ID,
  WEBP_BASE64,
  callsOf,
  contentRoute,
  formOf,
  job,
  soraAt,
} from './__fixtures__/video-responses';
import { createOpenAI, switchyardProvider } from './index';

describe('OpenAI Sora (videoModel)', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: job('videos.create.queued.json') },
    [POLL]: {
      response: [
        job('videos.get.in-progress.json'),
        job('videos.get.completed.json'),
      ],
    },
    [CONTENT]: { response: contentRoute() },
  });
  const sora = (modelId?: string) => soraAt(upstream.url, modelId);
  const callsMade = () => callsOf(upstream);

  it('should create the job, report its progress, and download the MP4 and its poster', async () => {
    const statuses: TaskStatus[] = [];
    const submitted: string[] = [];
    const result = await sora().generate(
      {
        prompt: 'A calico cat playing a piano',
        durationMs: 8_000,
        aspectRatio: '16:9',
      },
      {
        task: {
          onSubmitted: (taskId) => void submitted.push(taskId),
          onStatus: (status) => statuses.push(status),
        },
      },
    );
    expect(callsMade()).toEqual([CREATE, POLL, POLL, CONTENT, THUMBNAIL]);
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(await formOf(upstream.calls[0])).toEqual({
      model: 'sora-2',
      prompt: 'A calico cat playing a piano',
      seconds: '8',
      size: '1280x720',
    });
    expect(submitted).toEqual([VIDEO_ID]);
    // The create answer's status counts as the first poll.
    expect(statuses).toEqual([
      { state: 'queued' },
      { state: 'running', progress: 0.33 },
      { state: 'succeeded' },
    ]);
    expect(result.video).toEqual({
      base64: MP4_BASE64,
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 8_000,
      width: 1280,
      height: 720,
      fps: 24,
      hasAudio: true,
      poster: { base64: WEBP_BASE64, mimeType: 'image/webp' },
    });
    expect(result.warnings).toEqual([]);
    expect(result.modelId).toBe('sora-2');
  });

  it.each<{
    modelId: string;
    extra: Partial<VideoRequest>;
    fields: Record<string, string>;
    warned: string[];
  }>([
    {
      modelId: 'sora-2',
      extra: { durationMs: 5_000 },
      fields: { seconds: '4' },
      warned: ['durationMs'],
    },
    {
      modelId: 'sora-2',
      extra: { durationMs: 6_000 },
      fields: { seconds: '8' },
      warned: ['durationMs'],
    },
    {
      modelId: 'sora-2',
      extra: { durationMs: 12_000 },
      fields: { seconds: '12' },
      warned: [],
    },
    {
      modelId: 'sora-2',
      extra: { aspectRatio: '9:16' },
      fields: { size: '720x1280' },
      warned: [],
    },
    {
      modelId: 'sora-2',
      extra: { aspectRatio: '1:1' },
      fields: { size: '1280x720' },
      warned: ['aspectRatio'],
    },
    {
      modelId: 'sora-2',
      extra: { width: 1920, height: 1080 },
      fields: { size: '1280x720' },
      warned: ['width'],
    },
    {
      modelId: 'sora-2-pro',
      extra: { width: 1920, height: 1080 },
      fields: { size: '1792x1024' },
      warned: ['width'],
    },
    {
      modelId: 'sora-2-pro',
      extra: { width: 1024, height: 1792 },
      fields: { size: '1024x1792' },
      warned: [],
    },
    {
      modelId: 'sora-2',
      extra: { seed: 1, negativePrompt: 'blur', fps: 30, withAudio: false },
      fields: {},
      warned: ['seed', 'negativePrompt', 'fps', 'withAudio'],
    },
  ])(
    'should map $modelId $extra to $fields and warn of $warned',
    async ({ modelId, extra, fields, warned }) => {
      const result = await sora(modelId).generate(
        { prompt: 'x', ...extra },
        {},
      );
      expect(await formOf(upstream.calls[0])).toEqual({
        model: modelId,
        prompt: 'x',
        ...fields,
      });
      expect(result.warnings.map((warning) => warning.setting)).toEqual(warned);
    },
  );

  it("should upload the first frame as input_reference and take the frame's size", async () => {
    const frame = pngBytes(1280, 720);
    await sora().generate(
      { prompt: 'x', image: { base64: base64(frame), mimeType: 'image/png' } },
      {},
    );
    expect(await formOf(upstream.calls[0])).toEqual({
      model: 'sora-2',
      prompt: 'x',
      size: '1280x720',
      input_reference: '@image/png image.png',
    });
  });

  it.each<{ name: string; extra: Partial<VideoRequest>; code: string }>([
    {
      name: 'a first frame by URL',
      extra: { image: { url: 'https://example.com/a.png' } },
      code: 'unsupported',
    },
    {
      name: 'a first frame of no Sora size',
      extra: {
        image: { base64: base64(pngBytes(64, 64)), mimeType: 'image/png' },
      },
      code: 'unsupported',
    },
    {
      name: 'a landscape first frame for a portrait video',
      extra: {
        aspectRatio: '9:16',
        image: { base64: base64(pngBytes(1280, 720)), mimeType: 'image/png' },
      },
      code: 'unsupported',
    },
    { name: 'a GIF', extra: { format: 'gif' }, code: 'unsupported' },
    {
      name: 'an unknown provider option',
      extra: { providerOptions: { openai: { size: '1280x720' } } },
      code: 'invalid_request',
    },
  ])('should refuse $name before any call', async ({ extra, code }) => {
    await expect(
      sora().generate({ prompt: 'x', ...extra }, {}),
    ).rejects.toMatchObject({ code });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should list Sora 2 and Sora 2 Pro with their prices per second', () => {
    const video = createOpenAI({ apiKey: KEY })
      .listModels()
      .filter((model) => model.kind === 'video');
    expect(video).toEqual([
      expect.objectContaining({ id: 'sora-2', cost: { perSecond: 100_000 } }),
      expect.objectContaining({
        id: 'sora-2-pro',
        cost: { perSecond: 300_000 },
        capabilities: expect.objectContaining({
          minDurationMs: 4_000,
          maxDurationMs: 12_000,
          audio: true,
        }),
      }),
    ]);
    expect(switchyardProvider.features).toContain('video');
  });
});

describe('OpenAI Sora conformance upstream', () => {
  const upstream = useFakeUpstream({
    [CREATE]: { response: job('videos.create.queued.json') },
    [POLL]: { response: job('videos.get.completed.json') },
    [CONTENT]: { response: contentRoute() },
  });
  describeModelConformance({
    name: 'openai sora-2',
    kind: 'video',
    modelId: 'sora-2',
    model: () => soraAt(upstream.url),
    request: { prompt: 'A calico cat', durationMs: 8_000 },
    slowRequest: { prompt: 'A calico cat' },
    listModels: () => createOpenAI({ apiKey: KEY }).listModels(),
  });
});
