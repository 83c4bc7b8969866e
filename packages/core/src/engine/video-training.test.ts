import { describe, expect, it } from 'vitest';
import type { CheckedVideoResult } from '../results/check-video';
import { videoRequestSchema } from '../schemas/video';
import type { VideoCapabilities } from '../provider/video-contract';
import {
  estimateTrainingCost,
  estimateVideoCost,
  trainingCost,
  trainingStepsBound,
  videoCost,
  videoLengthBoundMs,
} from './cost';
import { trainingUnsupported, videoUnsupported } from './supports';

const video = (durationMs: number): CheckedVideoResult => ({
  video: {
    url: 'https://cdn.example/v.mp4',
    format: 'mp4',
    mimeType: 'video/mp4',
    durationMs,
  },
  warnings: [],
});

const CAPABILITIES: VideoCapabilities = {
  formats: ['mp4'],
  maxDurationMs: 10_000,
  minDurationMs: 5_000,
  defaultDurationMs: 5_000,
  textToVideo: true,
  imageToVideo: false,
  aspectRatios: ['16:9', '9:16'],
  audio: false,
  seed: true,
};

describe('video prices', () => {
  it('should hold for the length asked for, else the model’s default', () => {
    expect(
      estimateVideoCost(
        { perSecond: 1_000 },
        { prompt: 'x', durationMs: 8_000 },
        CAPABILITIES,
      ),
    ).toBe(8_000);
    expect(
      estimateVideoCost(
        { perSecond: 1_000, perRequest: 5 },
        { prompt: 'x' },
        CAPABILITIES,
      ),
    ).toBe(5_005);
  });

  it('should charge the seconds returned, never past the length held for', () => {
    const request = { prompt: 'x', durationMs: 6_000 };
    const bound = videoLengthBoundMs(request, CAPABILITIES);
    expect(videoCost({ perSecond: 1_000 }, video(5_500), bound)).toBe(5_500);
    // A provider that returns 10 s for 6 s asked is paid for 6.
    expect(videoCost({ perSecond: 1_000 }, video(10_000), bound)).toBe(6_000);
    expect(videoCost(undefined, video(10_000), bound)).toBe(0);
  });
});

describe('training prices', () => {
  it('should hold per run and per step asked for, and charge the steps run, never more', () => {
    const bound = trainingStepsBound(
      { images: [], triggerWord: 'TOK', name: 'n', steps: 500 },
      { defaultSteps: 1_000 },
    );
    expect(bound).toBe(500);
    expect(estimateTrainingCost({ perRequest: 100, perStep: 2 }, bound)).toBe(
      1_100,
    );
    expect(trainingCost({ perRequest: 100, perStep: 2 }, 400, bound)).toBe(900);
    expect(trainingCost({ perRequest: 100, perStep: 2 }, 9_999, bound)).toBe(
      1_100,
    );
    expect(trainingCost({ perStep: 2 }, undefined, bound)).toBe(1_000);
  });
});

describe('what a video model cannot serve', () => {
  const ask = (request: Record<string, unknown>) =>
    videoUnsupported(
      CAPABILITIES,
      videoRequestSchema.parse({ prompt: 'x', ...request }),
    );

  it('should name the reason a target is skipped', () => {
    expect(ask({})).toBeUndefined();
    expect(ask({ image: { url: 'https://example.com/a.png' } })).toMatch(
      /image-to-video/,
    );
    expect(ask({ durationMs: 12_000 })).toMatch(/at most 10000 ms/);
    expect(ask({ durationMs: 2_000 })).toMatch(/at least 5000 ms/);
    expect(ask({ format: 'webm' })).toMatch(/cannot produce webm/);
    expect(ask({ withAudio: true })).toMatch(/soundtrack/);
    expect(ask({ aspectRatio: '1:1' })).toMatch(/16:9, 9:16/);
    expect(
      videoUnsupported(
        { ...CAPABILITIES, textToVideo: false, imageToVideo: true },
        { prompt: 'x' },
      ),
    ).toMatch(/needs a first frame/);
  });

  it('should skip a trainer for too many images, steps or another base model', () => {
    const capabilities = {
      minImages: 2,
      maxImages: 3,
      defaultSteps: 10,
      maxSteps: 20,
      baseModels: ['flux-dev'],
    };
    const image = { url: 'https://example.com/a.png' };
    const request = { images: [image, image], triggerWord: 'TOK', name: 'n' };
    expect(trainingUnsupported(capabilities, request)).toBeUndefined();
    expect(
      trainingUnsupported(capabilities, { ...request, images: [image] }),
    ).toMatch(/2 to 3 images/);
    expect(
      trainingUnsupported(capabilities, { ...request, steps: 21 }),
    ).toMatch(/at most 20 steps/);
    expect(
      trainingUnsupported(capabilities, { ...request, baseModel: 'sdxl' }),
    ).toMatch(/flux-dev/);
  });
});
