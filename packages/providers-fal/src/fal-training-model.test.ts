import type { TaskStatus } from '@switchyard/core';
import { fixtureResponse, readStoredZip } from '@switchyard/testing';
import {
  describeModelConformance,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { fal, queueStatuses } from './__fixtures__/fal-video-fixtures';
import { createFal } from './index';

// Queue answers: the shared fal queue fixtures (rebuilt from fal's docs);
// the trainer's result is the captured fast-training output (a webhook
// payload). The photo bytes are made up: the provider reads only their
// signature, fal does the decoding.
const ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const TRAINER = 'fal-ai/flux-lora-fast-training';
const SUBMIT = `POST /queue/${TRAINER}`;
const STATUS = `GET /queue/${TRAINER}/requests/${ID}/status`;
const RESULT = `GET /queue/${TRAINER}/requests/${ID}`;
const CANCEL = `PUT /queue/${TRAINER}/requests/${ID}/cancel`;
const PHOTO = 'GET /photos/dog.jpg';
const INITIATE = 'POST /storage/storage/upload/initiate';
const PUT_ZIP = 'PUT /upload/zip';
const ZIP_URL = 'https://v3.fal.media/files/x/training-images.zip';
const WEIGHTS =
  'https://storage.googleapis.com/fal-flux-lora/728f7b04bf3a4736a10d3c6a6329a8f2_pytorch_lora_weights.safetensors';
const TRAINED_ID = `fal-ai/flux-lora@${Buffer.from(WEIGHTS).toString('base64url')}`;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 5]);

const calls = (upstream: { calls: { method: string; url: string }[] }) =>
  upstream.calls.map((call) => `${call.method} ${call.url.split('?')[0]}`);

describe('fal LoRA training', () => {
  const upstream = useFakeUpstream({
    [PHOTO]: {
      response: {
        type: 'binary',
        body: JPEG,
        headers: { 'content-type': 'image/jpeg' },
      },
    },
    [INITIATE]: {
      response: () => ({
        type: 'json',
        body: { upload_url: `${upstream.url}/upload/zip`, file_url: ZIP_URL },
      }),
    },
    [PUT_ZIP]: { response: { type: 'empty', status: 200 } },
    [SUBMIT]: { response: fixtureResponse('fal/queue.1-submit.json') },
    [STATUS]: {
      response: queueStatuses(),
    },
    [RESULT]: {
      response: fixtureResponse('fal/queue.flux-lora-training.result.json'),
    },
    [CANCEL]: {
      response: { type: 'json', status: 202, body: { status: 'OK' } },
    },
  });
  const images = () => [
    { url: `${upstream.url}/photos/dog.jpg` },
    {
      base64: Buffer.from(PNG).toString('base64'),
      mimeType: 'image/png' as const,
    },
  ];

  it('should zip the photos, upload the archive to fal, train, and name the LoRA by its weights', async () => {
    const statuses: TaskStatus[] = [];
    const result = await fal(upstream.url)
      .trainingModel(TRAINER)
      .generate(
        {
          images: images(),
          triggerWord: 'sks_dog',
          name: 'my dog',
          steps: 1500,
          providerOptions: { fal: { isStyle: false, createMasks: true } },
        },
        { task: { onStatus: (status) => statuses.push(status) } },
      );
    expect(calls(upstream)).toEqual([
      PHOTO,
      INITIATE,
      PUT_ZIP,
      SUBMIT,
      STATUS,
      STATUS,
      STATUS,
      RESULT,
    ]);
    const [photo, initiate, put, submit, status] = upstream.calls;
    expect(photo?.headers.authorization).toBeUndefined();
    expect(initiate?.headers.authorization).toBe('Key fal-secret-key');
    expect(initiate?.bodyJson).toEqual({
      content_type: 'application/zip',
      file_name: 'training-images.zip',
    });
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers['content-type']).toBe('application/zip');
    const archive = readStoredZip(put?.bodyBytes ?? new Uint8Array());
    expect(archive.map(({ name, data }) => [name, [...data]])).toEqual([
      ['image-01.jpg', [...JPEG]],
      ['image-02.png', [...PNG]],
    ]);
    expect(submit?.bodyJson).toEqual({
      images_data_url: ZIP_URL,
      trigger_word: 'sks_dog',
      steps: 1500,
      create_masks: true,
      is_style: false,
    });
    expect(status?.url).toBe(`/queue/${TRAINER}/requests/${ID}/status?logs=1`);
    expect(statuses[1]).toEqual({
      state: 'running',
      logs: ['Running inference'],
    });
    expect(result.trainedModel).toEqual({
      modelId: TRAINED_ID,
      weightsUrl: WEIGHTS,
    });
  });

  it('should serve the trained id as fal-ai/flux-lora with the trained weights, on the queue and the run endpoint', async () => {
    const trained = await fal(upstream.url)
      .trainingModel(TRAINER)
      .generate({ images: images(), triggerWord: 'sks_dog', name: 'dog' }, {});
    // The trained id is all the image call needs: no state from the run.
    upstream.reset();
    upstream.routes['POST /queue/fal-ai/flux-lora'] = {
      response: fixtureResponse('fal/queue.1-submit.json'),
    };
    upstream.routes[`GET /queue/fal-ai/flux-lora/requests/${ID}/status`] = {
      response: fixtureResponse('fal/queue.4-status.completed.json'),
    };
    upstream.routes[`GET /queue/fal-ai/flux-lora/requests/${ID}`] = {
      response: fixtureResponse('fal/queue.5-result.json'),
    };
    upstream.routes['POST /run/fal-ai/flux-lora'] = {
      response: fixtureResponse('fal/run.flux-dev.success.json'),
    };
    const model = fal(upstream.url).imageModel(trained.trainedModel.modelId);
    expect(model.modelId).toBe(TRAINED_ID);
    expect(model.cost).toEqual({ perImage: 35_000 });
    const { images: made } = await model.generate(
      { prompt: 'sks_dog on a beach', seed: 4 },
      {},
    );
    expect(made[0]?.url).toContain('fal.media');
    const synced = await fal(upstream.url, { mode: 'sync' })
      .imageModel(TRAINED_ID)
      .generate({ prompt: 'sks_dog in snow' }, {});
    expect(synced.images).toHaveLength(1);
    const posts = upstream.calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.url)).toEqual([
      '/queue/fal-ai/flux-lora',
      '/run/fal-ai/flux-lora',
    ]);
    expect(posts[0]?.bodyJson).toEqual({
      prompt: 'sks_dog on a beach',
      seed: 4,
      loras: [{ path: WEIGHTS, scale: 1 }],
    });
    expect(posts[1]?.bodyJson).toMatchObject({
      loras: [{ path: WEIGHTS, scale: 1 }],
    });
  });

  it('should refuse a malformed LoRA id with invalid_request, before any call', async () => {
    const broken = `fal-ai/flux-lora@${Buffer.from('http://x.example/w').toString('base64url')}`;
    for (const modelId of [broken, 'fal-ai/flux-lora@not+base64']) {
      await expect(
        fal(upstream.url).imageModel(modelId).generate({ prompt: 'x' }, {}),
      ).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(upstream.calls).toEqual([]);
  });

  it('should resume a run in a fresh instance from its id alone: one upload and one submission in all', async () => {
    let saved: string | undefined;
    const request = { images: images(), triggerWord: 'sks_dog', name: 'dog' };
    await expect(
      fal(upstream.url)
        .trainingModel(TRAINER)
        .generate(request, {
          task: {
            onSubmitted: (taskId) => {
              saved = taskId;
              throw new Error('the process stopped');
            },
          },
        }),
    ).rejects.toThrow('the process stopped');
    const resumed = await fal(upstream.url)
      .trainingModel(TRAINER)
      .generate(request, { task: { resumeTaskId: saved } });
    expect(resumed.trainedModel.modelId).toBe(TRAINED_ID);
    const made = calls(upstream);
    expect(made.filter((call) => call === SUBMIT)).toHaveLength(1);
    expect(made.filter((call) => call === PUT_ZIP)).toHaveLength(1);
    expect(made.at(-1)).toBe(RESULT);
  });

  it('should cancel the run at fal when the caller aborts', async () => {
    upstream.routes[STATUS] = {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    };
    const controller = new AbortController();
    const call = fal(upstream.url)
      .trainingModel(TRAINER)
      .generate(
        { images: images(), triggerWord: 'sks', name: 'dog' },
        { signal: controller.signal },
      );
    await vi.waitFor(() => {
      expect(calls(upstream)).toContain(STATUS);
    });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => {
      expect(calls(upstream)).toContain(CANCEL);
    });
  });

  it('should refuse bad photos and options before uploading anything', async () => {
    upstream.routes['GET /photos/missing.jpg'] = {
      response: { type: 'error', status: 404, body: 'no such photo' },
    };
    const trainer = fal(upstream.url).trainingModel(TRAINER);
    const base = { triggerWord: 'sks', name: 'dog' };
    const text = Buffer.from('not an image').toString('base64');
    await expect(
      trainer.generate(
        { ...base, images: [{ base64: text, mimeType: 'image/png' }] },
        {},
      ),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('images[0] is not a JPEG, PNG or WebP'),
    });
    await expect(
      trainer.generate(
        { ...base, images: [{ url: `${upstream.url}/photos/missing.jpg` }] },
        {},
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      trainer.generate(
        { ...base, images: images(), providerOptions: { fal: { steps: 2 } } },
        {},
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      trainer.generate({ ...base, images: images(), steps: 10_001 }, {}),
    ).rejects.toMatchObject({ code: 'unsupported' });
    expect(calls(upstream)).not.toContain(INITIATE);
    expect(calls(upstream)).not.toContain(SUBMIT);
  });

  it('should fail without submitting when fal storage refuses the upload', async () => {
    upstream.routes[PUT_ZIP] = {
      response: { type: 'error', status: 503, body: 'busy' },
    };
    await expect(
      fal(upstream.url)
        .trainingModel(TRAINER)
        .generate({ images: images(), triggerWord: 'sks', name: 'dog' }, {}),
    ).rejects.toMatchObject({ code: 'server_error', statusCode: 503 });
    expect(calls(upstream)).not.toContain(SUBMIT);
  });

  it('should list the trainer with its limits, priced per step', () => {
    const [trainer] = createFal()
      .listModels()
      .filter((info) => info.kind === 'training');
    expect(trainer).toMatchObject({
      id: TRAINER,
      capabilities: {
        minImages: 1,
        maxImages: 50,
        defaultSteps: 1000,
        maxSteps: 10_000,
        baseModels: ['fal-ai/flux/dev'],
      },
      cost: { perStep: 2_000 },
    });
  });

  describeModelConformance({
    name: 'fal LoRA trainer',
    kind: 'training',
    modelId: TRAINER,
    model: () => fal(upstream.url).trainingModel(TRAINER),
    request: {
      images: [
        {
          base64: Buffer.from(JPEG).toString('base64'),
          mimeType: 'image/jpeg',
        },
      ],
      triggerWord: 'sks',
      name: 'dog',
    },
    listModels: () => createFal().listModels(),
  });
});
