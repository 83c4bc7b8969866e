// The MiniMax and Wan predictions reuse the recorded Mochi create answer
// with another id and model (their create answers were not recorded; the
// envelope is the same). The POST /files answer is docs-shaped, written here
// (https://replicate.com/docs/reference/http#files.create): an id and
// urls.get.
import { useFakeUpstream } from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { predictionResponse } from './__tests__/prediction-fixtures';
import { callsOf, replicateAt } from './__tests__/replicate-fixture';
import { createReplicate } from './index';

const MINIMAX = 'POST /models/minimax/video-01/predictions';
const WAN = 'POST /models/wavespeedai/wan-2.1-i2v-480p/predictions';
const FILES = 'POST /files';
const PNG = 'iVBORw0KGgo='; // a PNG signature: small enough to travel inline

const answer = (model: string, input: object) =>
  predictionResponse('predictions.create.mochi-video.prefer-wait.json', {
    id: 'p1',
    model,
    input,
    status: 'succeeded',
  });

describe('Replicate video inputs', () => {
  const upstream = useFakeUpstream({
    [MINIMAX]: { response: answer('minimax/video-01', { prompt: 'x' }) },
    [WAN]: {
      response: answer('wavespeedai/wan-2.1-i2v-480p', {
        num_frames: 81,
        frames_per_second: 16,
      }),
    },
  });
  const provider = () => replicateAt(upstream.url);
  const callsMade = () => callsOf(upstream);

  it('should run MiniMax Video-01 from a prompt: an official model, 6 s at 25 fps', async () => {
    const result = await provider()
      .videoModel('minimax/video-01')
      .generate({ prompt: 'a fox', seed: 7 }, {});
    expect(callsMade()).toEqual([MINIMAX]);
    expect(upstream.calls[0]?.bodyJson).toEqual({ input: { prompt: 'a fox' } });
    expect(result.video).toMatchObject({ durationMs: 6_000, fps: 25 });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['seed']);
  });

  it('should send a small first frame as a data URL in first_frame_image', async () => {
    await provider()
      .videoModel('minimax/video-01')
      .generate(
        { prompt: 'a fox', image: { base64: PNG, mimeType: 'image/png' } },
        {},
      );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      input: {
        prompt: 'a fox',
        first_frame_image: `data:image/png;base64,${PNG}`,
      },
    });
  });

  it('should upload a large first frame through the files API and send its URL', async () => {
    const fileURL = `${upstream.url}/files/f1`;
    upstream.routes[FILES] = {
      response: {
        type: 'json',
        status: 201,
        body: { id: 'f1', urls: { get: fileURL } },
      },
    };
    const bytes = Buffer.alloc(300 * 1024, 7);
    await provider()
      .videoModel('minimax/video-01')
      .generate(
        {
          prompt: 'a fox',
          image: { base64: bytes.toString('base64'), mimeType: 'image/jpeg' },
        },
        {},
      );
    expect(callsMade()).toEqual([FILES, MINIMAX]);
    const upload = upstream.calls[0];
    expect(upload?.headers.authorization).toBe('Bearer r8');
    const form = await new Response(upload?.bodyBytes, {
      headers: { 'content-type': upload?.headers['content-type'] ?? '' },
    }).formData();
    const content = form.get('content') as File;
    expect(content.name).toBe('first-frame.jpg');
    // Compared as buffers: a deep equal of 300 KB element by element is slow.
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
    expect(upstream.calls[1]?.bodyJson).toMatchObject({
      input: { first_frame_image: fileURL },
    });
  });

  it('should pass an image URL as given, and extra model fields from providerOptions', async () => {
    await provider()
      .videoModel('minimax/video-01')
      .generate(
        {
          prompt: 'a fox',
          image: { url: 'https://example.com/fox.png' },
          providerOptions: {
            replicate: { input: { prompt_optimizer: false } },
          },
        },
        {},
      );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      input: {
        prompt: 'a fox',
        first_frame_image: 'https://example.com/fox.png',
        prompt_optimizer: false,
      },
    });
  });

  it('should run Wan 2.1 image-to-video with frames for the length and the portrait area', async () => {
    const result = await provider()
      .videoModel('wavespeedai/wan-2.1-i2v-480p')
      .generate(
        {
          prompt: 'waves',
          image: { url: 'https://example.com/sea.png' },
          durationMs: 6_000,
          aspectRatio: '9:16',
          seed: 3,
        },
        {},
      );
    expect(upstream.calls[0]?.bodyJson).toEqual({
      input: {
        prompt: 'waves',
        image: 'https://example.com/sea.png',
        num_frames: 96,
        max_area: '480x832',
        seed: 3,
      },
    });
    // The answer echoes 81 frames at 16 fps: that is the video's length.
    expect(result.video).toMatchObject({ durationMs: 5_063, fps: 16 });
  });

  it('should refuse what a model cannot do before any call', async () => {
    const refusals = [
      provider()
        .videoModel('wavespeedai/wan-2.1-i2v-480p')
        .generate({ prompt: 'no first frame' }, {}),
      provider()
        .videoModel('minimax/video-01')
        .generate({ prompt: 'x', format: 'webm' }, {}),
      provider()
        .videoModel('genmoai/mochi-1')
        .generate({ prompt: 'x', withAudio: true }, {}),
      provider()
        .videoModel('minimax/video-01')
        .generate(
          { prompt: 'x', providerOptions: { replicate: { seed: 1 } } },
          {},
        ),
    ];
    const errors = await Promise.all(
      refusals.map((call) => call.catch((error: unknown) => error)),
    );
    expect(errors).toEqual([
      expect.objectContaining({ code: 'unsupported' }),
      expect.objectContaining({ code: 'unsupported' }),
      expect.objectContaining({ code: 'unsupported' }),
      expect.objectContaining({ code: 'invalid_request' }),
    ]);
    expect(upstream.calls).toHaveLength(0);
  });

  it('should run an unlisted model with a prompt, a seed and its image, and say its length is assumed', async () => {
    upstream.routes['POST /models/acme/video-x/predictions'] = {
      response: answer('acme/video-x', { prompt: 'x' }),
    };
    const result = await provider()
      .videoModel('acme/video-x')
      .generate({ prompt: 'x', seed: 1, durationMs: 8_000 }, {});
    expect(upstream.calls[0]?.bodyJson).toEqual({
      input: { prompt: 'x', seed: 1 },
    });
    expect(result.video.durationMs).toBe(5_000);
    expect(result.warnings).toEqual([
      expect.objectContaining({ setting: 'durationMs' }),
      expect.objectContaining({ type: 'other' }),
    ]);
  });

  it('should list the video models with their prices and capabilities', () => {
    const models = createReplicate({ apiKey: 'r8' })
      .listModels()
      .filter((model) => model.kind === 'video');
    expect(models).toEqual([
      expect.objectContaining({
        id: 'genmoai/mochi-1',
        cost: { perSecond: 75_500 },
        capabilities: expect.objectContaining({ imageToVideo: false }),
      }),
      expect.objectContaining({
        id: 'minimax/video-01',
        cost: { perRequest: 500_000 },
        capabilities: expect.objectContaining({ defaultDurationMs: 6_000 }),
      }),
      expect.objectContaining({
        id: 'wavespeedai/wan-2.1-i2v-480p',
        cost: { perSecond: 90_000 },
        capabilities: expect.objectContaining({ textToVideo: false }),
      }),
    ]);
  });
});
