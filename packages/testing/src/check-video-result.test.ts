import { checkTrainingResult, checkVideoResult } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mp4Bytes } from './media/video-samples';

describe('checking a video result', () => {
  it('should measure inline video from its bytes, not from what the provider says', () => {
    const base64 = Buffer.from(
      mp4Bytes({ durationMs: 2_000, width: 320, height: 240, withAudio: true }),
    ).toString('base64');
    const checked = checkVideoResult({
      result: {
        video: { base64, format: 'mp4', durationMs: 9_999, width: 1 },
        warnings: [],
      },
      provider: 'acme',
    });
    expect(checked.video).toMatchObject({
      durationMs: 2_000,
      width: 320,
      height: 240,
      hasAudio: true,
      mimeType: 'video/mp4',
    });
  });

  it('should refuse bytes that are not the format claimed or asked, and a URL with no length', () => {
    const gif = Buffer.from('GIF89a-not-really').toString('base64');
    expect(() =>
      checkVideoResult({
        result: { video: { base64: gif, format: 'mp4' } },
        provider: 'acme',
      }),
    ).toThrow(/not mp4/);
    expect(() =>
      checkVideoResult({
        result: {
          video: {
            url: 'https://cdn.example/v.webm',
            format: 'webm',
            durationMs: 1,
          },
        },
        format: 'mp4',
        provider: 'acme',
      }),
    ).toThrow(/webm video where mp4 was asked for/);
    expect(() =>
      checkVideoResult({
        result: { video: { url: 'https://cdn.example/v.mp4', format: 'mp4' } },
        provider: 'acme',
      }),
    ).toThrow(/must say its duration/);
    expect(() => checkVideoResult({ result: {}, provider: 'acme' })).toThrow(
      /carries no video/,
    );
  });

  it('should refuse a training result that names no usable model id', () => {
    expect(
      checkTrainingResult({
        result: { trainedModel: { modelId: 'owner/name:v1' }, steps: 3 },
        provider: 'acme',
      }),
    ).toMatchObject({ steps: 3 });
    expect(() =>
      checkTrainingResult({
        result: { trainedModel: { modelId: '../etc' } },
        provider: 'acme',
      }),
    ).toThrow(/not a model id/);
    expect(() => checkTrainingResult({ result: {}, provider: 'acme' })).toThrow(
      /names no trained model/,
    );
  });
});
