import { fixtureResponse, mp4Bytes } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mp3Bytes, wavBytes } from './__tests__/audio-samples';
import { outcomes, runExample } from './__tests__/run-example';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC',
  'base64',
);

describe('the example configs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('image-huggingface-puter: a loading FLUX on Hugging Face falls back to the same model on Puter', async () => {
    const { result } = await runExample({
      file: 'image-huggingface-puter.yaml',
      input: { type: 'image', prompt: 'a lighthouse at dusk' },
      routes: {
        'POST /hf/hf-inference/models/black-forest-labs/FLUX.1-schnell': {
          response: fixtureResponse('huggingface/error-503.model-loading.json'),
        },
        'POST /puter/drivers/call': {
          response: {
            ...fixtureResponse(
              'puter/drivers-call.txt2img.response.headers.json',
            ),
            type: 'binary',
            body: PNG,
          },
        },
      },
    });
    expect(result).toMatchObject({
      type: 'image',
      provider: 'puter',
      model: 'flux-schnell',
      fallbackUsed: true,
    });
    expect(outcomes(result.attempts)).toEqual([
      ['huggingface', 'error', 'model_loading'],
      ['puter', 'success', undefined],
    ]);
  });

  it('image-fal-leonardo: a refused fal key falls back to Leonardo', async () => {
    const { result, calls } = await runExample({
      file: 'image-fal-leonardo.yaml',
      input: { type: 'image', prompt: 'A lighthouse on a cliff at dusk' },
      routes: {
        'POST /fal-queue/fal-ai/flux/schnell': {
          response: fixtureResponse('fal/error-401.unauthorized.json'),
        },
        'POST /leonardo/generations': {
          response: fixtureResponse('leonardo/generations.create.json'),
        },
        'GET /leonardo/generations/3b4c3b4e-5f4a-4c6e-9d2e-0a1b2c3d4e5f': {
          response: fixtureResponse('leonardo/generations.get.complete.json'),
        },
      },
    });
    expect(result).toMatchObject({ provider: 'leonardo', fallbackUsed: true });
    expect(outcomes(result.attempts)).toEqual([
      ['fal', 'error', 'auth'],
      ['leonardo', 'success', undefined],
    ]);
    expect(calls[0]).toBe('POST /fal-queue/fal-ai/flux/schnell');
  });

  it('text-openai-anthropic-gemini: out of quota, then overloaded twice, then Gemini answers', async () => {
    const { result } = await runExample({
      file: 'text-openai-anthropic-gemini.yaml',
      input: { type: 'text', prompt: 'Hello' },
      routes: {
        'POST /openai/v1/chat/completions': {
          response: fixtureResponse('openai/error-429.insufficient-quota.json'),
        },
        'POST /anthropic/v1/messages': {
          response: fixtureResponse('anthropic/error-529.overloaded.json'),
        },
        'POST /gemini/models/gemini-2.5-flash:generateContent': {
          response: fixtureResponse('gemini/generateContent.success.body.json'),
        },
      },
    });
    expect(result).toMatchObject({
      type: 'text',
      provider: 'gemini',
      fallbackUsed: true,
    });
    expect(outcomes(result.attempts)).toEqual([
      ['openai', 'error', 'quota_exceeded'],
      ['anthropic', 'error', 'overloaded'],
      ['anthropic', 'error', 'overloaded'],
      ['gemini', 'success', undefined],
    ]);
  });

  it('text-openai-gemini-mistral-deepseek: three refused keys, then DeepSeek answers', async () => {
    const { result } = await runExample({
      file: 'text-openai-gemini-mistral-deepseek.yaml',
      input: { type: 'text', prompt: 'Invent a holiday' },
      routes: {
        'POST /openai/v1/chat/completions': {
          response: fixtureResponse('openai/error-401.invalid-api-key.json'),
        },
        'POST /gemini/models/gemini-2.5-flash:generateContent': {
          response: fixtureResponse('gemini/error-400.api-key-invalid.json'),
        },
        'POST /mistral/v1/chat/completions': {
          response: fixtureResponse('mistral/error-401.no-api-key.json'),
        },
        'POST /deepseek/chat/completions': {
          response: fixtureResponse(
            'deepseek/chat-completions.success.body.json',
          ),
        },
      },
    });
    expect(result).toMatchObject({
      provider: 'deepseek',
      model: 'deepseek-chat',
      fallbackUsed: true,
    });
    if (result.type === 'text') expect(result.text).toContain('Gratitude');
    expect(outcomes(result.attempts)).toEqual([
      ['openai', 'error', 'auth'],
      ['gemini', 'error', 'auth'],
      ['mistral', 'error', 'auth'],
      ['deepseek', 'success', undefined],
    ]);
  });
  it('speech-openai-elevenlabs: a rate-limited OpenAI falls back to ElevenLabs', async () => {
    const mp3 = mp3Bytes(40);
    const { result, calls } = await runExample({
      file: 'speech-openai-elevenlabs.yaml',
      input: {
        type: 'speech',
        text: 'The first move sets everything in motion.',
      },
      routes: {
        'POST /openai/v1/audio/speech': {
          response: fixtureResponse(
            'openai/error-429.audio-speech.rate-limit-rpm.json',
          ),
        },
        'POST /elevenlabs/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb': {
          response: {
            ...fixtureResponse(
              'elevenlabs/text-to-speech.success.headers.json',
            ),
            type: 'binary',
            body: mp3,
          },
        },
      },
    });
    expect(result).toMatchObject({
      type: 'speech',
      provider: 'elevenlabs',
      model: 'eleven_flash_v2_5',
      fallbackUsed: true,
    });
    // Retry-After 20 s is past maxRetryAfterMs: OpenAI is not retried.
    expect(outcomes(result.attempts)).toEqual([
      ['openai', 'error', 'rate_limited'],
      ['elevenlabs', 'success', undefined],
    ]);
    expect(calls).toHaveLength(2);
    if (result.type === 'speech') {
      expect(result.audio).toMatchObject({
        format: 'mp3',
        mimeType: 'audio/mpeg',
      });
      expect(result.audio.durationMs).toBeGreaterThan(0);
    }
  });

  it('music-fal-elevenlabs: ACE-Step on the fal queue, its WAV measured', async () => {
    const id = '764cabcf-b745-4b3e-ae38-1200304cf45b';
    const app = '/fal-queue/fal-ai/ace-step';
    const wav = wavBytes({ sampleRate: 8_000, durationMs: 5_000 });
    const { result, calls } = await runExample({
      file: 'music-fal-elevenlabs.yaml',
      input: { type: 'music', prompt: 'lofi piano', durationMs: 5_000 },
      routes: (url) => ({
        [`POST ${app}/prompt-to-audio`]: {
          response: fixtureResponse('fal/queue.1-submit.json'),
        },
        [`GET ${app}/requests/${id}/status`]: {
          response: fixtureResponse('fal/queue.4-status.completed.json'),
        },
        [`GET ${app}/requests/${id}`]: {
          response: {
            type: 'json',
            body: {
              audio: {
                url: `${url}/media/song.wav`,
                content_type: 'audio/wav',
              },
            },
          },
        },
        'GET /media/song.wav': { response: { type: 'binary', body: wav } },
      }),
    });
    expect(result).toMatchObject({
      type: 'music',
      provider: 'fal',
      model: 'fal-ai/ace-step/prompt-to-audio',
      audio: { format: 'wav', durationMs: 5_000, sampleRate: 8_000 },
    });
    expect(calls[0]).toBe(`POST ${app}/prompt-to-audio`);
  });

  it('video-fal-replicate: Kling on the fal queue, its file kept by the gateway', async () => {
    const id = 'ad8fd5ba-4c1b-4a6e-9c2b-7f3f0c6b2d11';
    const app = '/fal-queue/fal-ai/kling-video';
    const mp4 = Buffer.from(
      mp4Bytes({ durationMs: 5_000, width: 320, height: 240 }),
    );
    const { result, calls } = await runExample({
      file: 'video-fal-replicate.yaml',
      input: { type: 'video', prompt: 'a paper boat', durationMs: 5_000 },
      routes: (url) => ({
        [`POST ${app}/v2.1/master/text-to-video`]: {
          response: {
            type: 'json',
            body: { request_id: id, status: 'IN_QUEUE' },
          },
        },
        [`GET ${app}/requests/${id}/status`]: {
          response: { type: 'json', body: { status: 'COMPLETED' } },
        },
        [`GET ${app}/requests/${id}`]: {
          response: {
            type: 'json',
            body: {
              video: {
                url: `${url}/media/boat.mp4`,
                content_type: 'video/mp4',
              },
            },
          },
        },
        'GET /media/boat.mp4': { response: { type: 'binary', body: mp4 } },
      }),
    });
    expect(result).toMatchObject({
      type: 'video',
      provider: 'fal',
      model: 'fal-ai/kling-video/v2.1/master/text-to-video',
      video: {
        format: 'mp4',
        durationMs: 5_000,
        artifact: { bytes: mp4.byteLength },
      },
    });
    expect(calls[0]).toBe(`POST ${app}/v2.1/master/text-to-video`);
    expect(calls).toContain('GET /media/boat.mp4');
  });

  it('training-fal-local: the offline trainer names a local trained model', async () => {
    const { result, calls } = await runExample({
      file: 'training-fal-local.yaml',
      input: {
        type: 'training',
        route: 'local-training',
        images: [{ base64: PNG.toString('base64'), mimeType: 'image/png' }],
        triggerWord: 'TOK',
        name: 'our mascot',
      },
      routes: {},
    });
    expect(result).toMatchObject({
      type: 'training',
      provider: 'local',
      trainedModel: {
        instance: 'local',
        model: expect.stringMatching(/^local:trained-/),
        name: 'our mascot',
      },
    });
    expect(calls).toEqual([]);
  });

  it('image-edit-fal-openai: an edit skips FLUX schnell (not called) for gpt-image-1', async () => {
    const { result, requests } = await runExample({
      file: 'image-edit-fal-openai.yaml',
      input: {
        type: 'image',
        prompt: 'make it blue',
        referenceImages: [
          { base64: PNG.toString('base64'), mimeType: 'image/png' },
        ],
      },
      routes: {
        'POST /openai/v1/images/edits': {
          response: fixtureResponse('openai/images-edits.gpt-image-1.json'),
        },
      },
    });
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-image-1' });
    expect(result.attempts).toMatchObject([
      {
        provider: 'fal',
        model: 'fal-ai/flux/schnell',
        outcome: 'skipped',
        reason: 'unsupported',
      },
      { provider: 'openai', model: 'gpt-image-1', outcome: 'success' },
    ]);
    expect(requests.map((call) => call.url)).toEqual([
      '/openai/v1/images/edits',
    ]);
    const form = await new Response(requests[0]?.bodyBytes, {
      headers: { 'content-type': requests[0]?.headers['content-type'] ?? '' },
    }).formData();
    const image = form.get('image') as Blob;
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
