import {
  SwitchyardError,
  type Model,
  type VideoRequest,
} from '@switchyard/core';
import { createFakeUpstream } from '@switchyard/testing';
import { describeModelConformance } from '@switchyard/testing/conformance';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  decodeApng,
  decodeGif,
  meanDifference,
  rgbOf,
} from './__tests__/video-frames';
import { createLocal, switchyardProvider } from './index';
import type { LocalProviderOptions } from './local-provider';
import { planVideo } from './video-plan';

function videoModel(options: LocalProviderOptions = {}) {
  const model = createLocal(options).videoModel?.('video');
  if (model === undefined) throw new Error('local has a video model');
  return model;
}

const generate = (
  request: Partial<VideoRequest> = {},
  options: LocalProviderOptions = {},
) =>
  videoModel(options).generate(
    { prompt: 'a lighthouse at dusk', seed: 7, ...request },
    {},
  );

async function failure(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await promise.then(
    () => new Error('it succeeded'),
    (thrown: unknown) => thrown,
  );
  if (!SwitchyardError.isInstance(error)) throw error;
  return error;
}

/** A picture with structure (stripes and a gradient), RGBA. */
function pattern(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      rgba[at] = (x * 255) / (width - 1);
      rgba[at + 1] = Math.floor(y / 4) % 2 === 0 ? 220 : 30;
      rgba[at + 2] = (y * 255) / (height - 1);
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}

function pngOf(width: number, height: number): string {
  const png = new PNG({ width, height });
  png.data = Buffer.from(pattern(width, height));
  return PNG.sync.write(png).toString('base64');
}

const IMAGE = { width: 48, height: 32 };
const PNG_IMAGE = pngOf(IMAGE.width, IMAGE.height);

// The first call starts a worker thread, which compiles its TypeScript from source.
describe('the local video model', { timeout: 30_000 }, () => {
  it('should write an APNG of durationMs × fps frames whose delays add up to durationMs', async () => {
    for (const [durationMs, fps, frames] of [
      [undefined, undefined, 24],
      [1_500, 20, 30],
      [500, 30, 15],
    ] as const) {
      const result = await generate({ durationMs, fps, width: 64, height: 48 });
      const clip = decodeApng(result.video.base64 ?? '');
      expect(clip.frames).toHaveLength(frames);
      expect(clip.delaysMs.reduce((sum, delay) => sum + delay, 0)).toBe(
        durationMs ?? 2_000,
      );
      expect([clip.width, clip.height, clip.loops]).toEqual([64, 48, 0]);
      expect(result.video).toMatchObject({
        format: 'apng',
        mimeType: 'image/apng',
        durationMs: durationMs ?? 2_000,
        width: 64,
        height: 48,
        fps: fps ?? 12,
        hasAudio: false,
      });
    }
  });

  it('should write a GIF of durationMs × fps frames, looping, as long as asked', async () => {
    const result = await generate({
      format: 'gif',
      durationMs: 1_000,
      fps: 15,
    });
    const clip = decodeGif(result.video.base64 ?? '');
    expect(clip.frames).toHaveLength(15);
    expect(clip.delaysMs.reduce((sum, delay) => sum + delay, 0)).toBe(1_000);
    expect([clip.width, clip.height, clip.loops]).toEqual([256, 256, 0]);
    expect(result.video).toMatchObject({
      format: 'gif',
      mimeType: 'image/gif',
      durationMs: 1_000,
    });
  });

  it('should draw frames that move: each differs from the one before', async () => {
    for (const format of ['apng', 'gif'] as const) {
      const result = await generate({ format, width: 96, height: 64 });
      const decode = format === 'apng' ? decodeApng : decodeGif;
      const { frames } = decode(result.video.base64 ?? '');
      for (let index = 1; index < frames.length; index += 1) {
        const previous = frames[index - 1] ?? new Uint8Array();
        expect(
          meanDifference(previous, frames[index] ?? new Uint8Array()),
        ).toBeGreaterThan(0.5);
      }
    }
  });

  it('should give the same clip for the same prompt and seed, another for another', async () => {
    const request = { width: 64, height: 64, durationMs: 500 };
    const clips = await Promise.all([
      generate(request),
      generate(request),
      generate({ ...request, seed: 8 }),
      generate({ ...request, prompt: 'a storm at sea' }),
    ]);
    const [first, again, otherSeed, otherPrompt] = clips.map(
      (clip) => clip.video.base64,
    );
    expect(again).toBe(first);
    expect(otherSeed).not.toBe(first);
    expect(otherPrompt).not.toBe(first);
    const frames = clips.map((clip) => decodeApng(clip.video.base64 ?? ''));
    expect(
      meanDifference(
        frames[0]?.frames[0] ?? new Uint8Array(),
        frames[2]?.frames[0] ?? new Uint8Array(),
      ),
    ).toBeGreaterThan(10);
  });

  it('should start image-to-video from the given image, pixel for pixel, then move it', async () => {
    const quality = 90;
    const jpegBytes = jpeg.encode(
      { ...IMAGE, data: Buffer.from(pattern(IMAGE.width, IMAGE.height)) },
      quality,
    ).data;
    const jpegPixels = jpeg.decode(jpegBytes, { useTArray: true }).data;
    for (const [image, expected] of [
      [{ base64: PNG_IMAGE, mimeType: 'image/png' }, pattern(48, 32)],
      [
        { url: `data:image/jpeg;base64,${jpegBytes.toString('base64')}` },
        jpegPixels,
      ],
    ] as const) {
      const result = await generate({ image, ...IMAGE, durationMs: 1_000 });
      const { frames } = decodeApng(result.video.base64 ?? '');
      expect(frames).toHaveLength(12);
      expect(rgbOf(frames[0] ?? new Uint8Array())).toEqual(rgbOf(expected));
      const last = frames.at(-1) ?? new Uint8Array();
      expect(meanDifference(frames[0] ?? last, last)).toBeGreaterThan(5);
    }
  });

  it('should keep the image’s shape, 256 on the long side, without a size; and start near it in a GIF', async () => {
    const image = { base64: PNG_IMAGE, mimeType: 'image/png' as const };
    const apng = await generate({ image, durationMs: 500 });
    expect([apng.video.width, apng.video.height]).toEqual([256, 171]);
    const gif = await generate({ image, format: 'gif', ...IMAGE });
    const { frames } = decodeGif(gif.video.base64 ?? '');
    const first = rgbOf(frames[0] ?? new Uint8Array());
    // GIF keeps 256 colours a frame: close to the image, not equal.
    expect(meanDifference(first, rgbOf(pattern(48, 32)))).toBeLessThan(4);
  });

  it('should fetch an image URL only when the instance allows it', async () => {
    await using upstream = await createFakeUpstream({
      'GET /first.png': {
        response: {
          type: 'binary',
          body: Buffer.from(PNG_IMAGE, 'base64'),
          headers: { 'content-type': 'image/png' },
        },
      },
      'GET /gone.png': { response: { type: 'error', status: 404, body: {} } },
    });
    const image = { url: `${upstream.url}/first.png` };
    const refused = await failure(generate({ image }));
    expect(refused.code).toBe('unsupported');
    expect(upstream.calls).toHaveLength(0);
    const allowed = { fetchImageUrls: true };
    const result = await generate({ image, ...IMAGE }, allowed);
    const { frames } = decodeApng(result.video.base64 ?? '');
    expect(rgbOf(frames[0] ?? new Uint8Array())).toEqual(
      rgbOf(pattern(48, 32)),
    );
    const gone = { url: `${upstream.url}/gone.png` };
    expect((await failure(generate({ image: gone }, allowed))).code).toBe(
      'invalid_request',
    );
  });

  it('should refuse an image it cannot read', async () => {
    const codes = await Promise.all(
      [
        {
          // A GIF, whatever its MIME type says.
          base64: Buffer.from('GIF89a....').toString('base64'),
          mimeType: 'image/png' as const,
        },
        {
          base64: Buffer.from(
            '\x89PNG\r\n\x1a\n is not a picture at all, only words',
            'latin1',
          ).toString('base64'),
          mimeType: 'image/png' as const,
        },
      ].map(async (image) => (await failure(generate({ image }))).code),
    );
    expect(codes).toEqual(['unsupported', 'invalid_request']);
  });

  it('should lower a frame rate above 30 and a size above its bounds, with warnings', async () => {
    const fast = await generate({
      fps: 60,
      durationMs: 500,
      width: 32,
      height: 32,
    });
    expect(decodeApng(fast.video.base64 ?? '').frames).toHaveLength(15);
    expect(fast.video.fps).toBe(30);
    const large = await generate({ width: 1024, height: 512, durationMs: 500 });
    expect([large.video.width, large.video.height]).toEqual([512, 256]);
    // Planned, not drawn: a clip at the pixel budget is seconds of work.
    const long = planVideo(
      {
        prompt: 'a long clip',
        width: 512,
        height: 512,
        durationMs: 10_000,
        fps: 30,
      },
      'local',
    );
    expect(long.size).toEqual({ width: 289, height: 289 });
    expect(
      [fast, large, long].map((result) =>
        result.warnings.map((warning) => warning.setting),
      ),
    ).toEqual([['fps'], ['width'], ['width']]);
  });

  it('should take an aspect ratio at 256 on the long side', async () => {
    const result = await generate({ aspectRatio: '16:9', durationMs: 500 });
    expect([result.video.width, result.video.height]).toEqual([256, 144]);
  });

  it('should refuse what it does not make: mp4, sound, a length out of range', async () => {
    const codes = await Promise.all(
      [
        { format: 'mp4' as const },
        { withAudio: true },
        { durationMs: 20_000 },
      ].map(async (request) => (await failure(generate(request))).code),
    );
    expect(codes).toEqual(['unsupported', 'unsupported', 'invalid_request']);
  });

  it('should fail as its faults say', async () => {
    const error = await failure(
      generate({}, { faults: { rate: 1, code: 'rate_limited' } }),
    );
    expect(error.code).toBe('rate_limited');
  });

  it('should be listed, free, with the video feature', () => {
    expect(
      createLocal()
        .listModels()
        .find((info) => info.kind === 'video'),
    ).toMatchObject({ id: 'video', cost: { perSecond: 0 } });
    expect(switchyardProvider.features).toContain('video');
  });
});

describeModelConformance({
  name: 'local video',
  kind: 'video',
  modelId: 'video',
  model: (): Model => videoModel(),
  request: { prompt: 'a calm sea', durationMs: 1_000, format: 'apng' },
  // Ten seconds at 30 frames a second: seconds of drawing in a worker thread.
  slowRequest: {
    prompt: 'a long storm',
    durationMs: 10_000,
    fps: 30,
    width: 512,
    height: 512,
  },
  listModels: () => createLocal().listModels(),
});
