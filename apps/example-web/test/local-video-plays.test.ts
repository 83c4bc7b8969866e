import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VideoModelResult, VideoRequest } from '@switchyard/core';
import { createLocal } from '@switchyard/providers-local';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';

/** What the browser makes of a clip, measured in the page. */
interface PlayedClip {
  /** `<img>` with a data: URL. */
  image: { naturalWidth: number; naturalHeight: number };
  /** WebCodecs' ImageDecoder. */
  decoder: {
    type: string;
    frameCount: number;
    animated: boolean;
    repetitionCount: number;
    /** Frame durations added up, in ms. */
    durationMs: number;
    width: number;
    height: number;
    /** Mean absolute difference per byte of frame 0 and the middle frame's pixels. */
    firstToMiddle: number;
    /** Mean absolute difference per byte of frame 0 and the given first image, if any. */
    firstToImage?: number;
  };
}

/**
 * Runs in the page: shows the clip in an `<img>`, then decodes it with
 * ImageDecoder, draws frame 0 and the middle frame on a canvas and compares
 * their pixels.
 */
async function playInPage(clip: {
  base64: string;
  mimeType: string;
  decoderTypes: string[];
  /** Image-to-video: the PNG it started from. */
  firstImage?: string;
}): Promise<PlayedClip> {
  const image = new Image();
  image.src = `data:${clip.mimeType};base64,${clip.base64}`;
  await image.decode();
  const bytes = Uint8Array.from(atob(clip.base64), (char) =>
    char.charCodeAt(0),
  );
  let type = '';
  for (const candidate of clip.decoderTypes) {
    if (await ImageDecoder.isTypeSupported(candidate)) {
      type = candidate;
      break;
    }
  }
  if (type === '')
    throw new Error(`no decoder for ${clip.decoderTypes.join(', ')}`);
  const decoder = new ImageDecoder({ data: bytes, type });
  await decoder.tracks.ready;
  await decoder.completed;
  const track = decoder.tracks.selectedTrack;
  if (track === null) throw new Error('the clip has no track');
  const pixelsOf = async (frameIndex: number) => {
    const { image: frame } = await decoder.decode({ frameIndex });
    const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.drawImage(frame, 0, 0);
    const size = [frame.displayWidth, frame.displayHeight] as const;
    const duration = frame.duration ?? 0;
    frame.close();
    const { data } = context.getImageData(0, 0, ...size);
    return { data, size, duration };
  };
  let durationUs = 0;
  for (let index = 0; index < track.frameCount; index += 1) {
    durationUs += (await pixelsOf(index)).duration;
  }
  const first = await pixelsOf(0);
  const middle = await pixelsOf(Math.floor(track.frameCount / 2));
  const meanDifference = (other: Uint8ClampedArray) => {
    let sum = 0;
    for (let index = 0; index < first.data.length; index += 1) {
      sum += Math.abs((first.data[index] ?? 0) - (other[index] ?? 0));
    }
    return sum / first.data.length;
  };
  let firstToImage: number | undefined;
  if (clip.firstImage !== undefined) {
    const given = new Image();
    given.src = `data:image/png;base64,${clip.firstImage}`;
    await given.decode();
    const canvas = new OffscreenCanvas(given.naturalWidth, given.naturalHeight);
    const context = canvas.getContext('2d');
    context?.drawImage(given, 0, 0);
    const data = context?.getImageData(0, 0, ...first.size).data;
    firstToImage = data === undefined ? Infinity : meanDifference(data);
  }
  return {
    image: {
      naturalWidth: image.naturalWidth,
      naturalHeight: image.naturalHeight,
    },
    decoder: {
      type,
      frameCount: track.frameCount,
      animated: track.animated,
      repetitionCount: track.repetitionCount,
      durationMs: durationUs / 1000,
      width: first.size[0],
      height: first.size[1],
      firstToMiddle: meanDifference(middle.data),
      ...(firstToImage === undefined ? {} : { firstToImage }),
    },
  };
}

const DECODER_TYPES = {
  apng: ['image/apng', 'image/png'],
  gif: ['image/gif'],
};

describe('a local video in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  const model = createLocal().videoModel?.('video');

  beforeAll(async () => {
    // An empty page on 127.0.0.1, a secure origin: ImageDecoder needs one.
    server = createServer((_request, response) =>
      response.end('<!doctype html><title>clip</title>'),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function play(request: Partial<VideoRequest>, firstImage?: string) {
    if (model === undefined) throw new Error('local has a video model');
    const result: VideoModelResult = await model.generate(
      { prompt: 'a lighthouse at dusk', seed: 3, ...request },
      {},
    );
    const { format, base64 = '', mimeType = '' } = result.video;
    const played = await page.evaluate(playInPage, {
      base64,
      mimeType,
      decoderTypes: format === 'gif' ? DECODER_TYPES.gif : DECODER_TYPES.apng,
      ...(firstImage === undefined ? {} : { firstImage }),
    });
    return { result, played };
  }

  for (const format of ['apng', 'gif'] as const) {
    it(`should play the ${format}: every frame, the size, moving pixels`, async () => {
      const { result, played } = await play({ format });
      const { video } = result;
      expect(played.image).toEqual({ naturalWidth: 256, naturalHeight: 256 });
      expect(played.decoder).toMatchObject({
        frameCount: 24,
        animated: true,
        repetitionCount: Infinity,
        width: 256,
        height: 256,
      });
      expect(played.decoder.durationMs).toBeCloseTo(video.durationMs ?? 0, 0);
      expect(played.decoder.firstToMiddle).toBeGreaterThan(5);
    });
  }

  it('should start an image-to-video clip from the image itself', async () => {
    // The first frame: a procedural PNG from the same provider.
    const drawn = await createLocal()
      .imageModel('procedural')
      .generate({ prompt: 'a red kite', width: 48, height: 32 }, {});
    const base64 = drawn.images[0]?.base64 ?? '';
    const { played } = await play(
      {
        image: { base64, mimeType: 'image/png' },
        width: 48,
        height: 32,
        durationMs: 1_000,
      },
      base64,
    );
    expect(played.image).toEqual({ naturalWidth: 48, naturalHeight: 32 });
    expect(played.decoder.frameCount).toBe(12);
    expect(played.decoder.firstToImage).toBe(0);
    expect(played.decoder.firstToMiddle).toBeGreaterThan(5);
  });
});
