// Fixtures: trainings.create.json, trainings.get.processing.json,
// trainings.cancel.json and error-404.training-destination.json are recorded;
// trainings.get.succeeded.json is a captured body (see the README of
// @switchyard/testing's fixtures). Their ids are set to one training here, and the
// processing poll gets tqdm log text written here. The POST /files answer is
// docs-shaped, written here (an id and urls.get).
import type { TaskStatus, TrainingRequest } from '@switchyard/core';
import {
  fixtureResponse,
  readStoredZip,
  type FakeResponse,
} from '@switchyard/testing';
import {
  abortWhilePolling,
  crashAndResume,
  describeModelConformance,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { predictionResponse } from './__tests__/prediction-fixtures';
import { callsOf, replicateAt } from './__tests__/replicate-fixture';
import { createReplicate, type ReplicateProviderSettings } from './index';

const ID = 'yhyxz6wh8nrme0cm2cqr2yxkqc';
const TRAINER_VERSION =
  'e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497';
const FILES = 'POST /files';
const TRAIN = `POST /models/ostris/flux-dev-lora-trainer/versions/${TRAINER_VERSION}/trainings`;
const GET = `GET /trainings/${ID}`;
const CANCEL = `POST /trainings/${ID}/cancel`;
const TRAINED =
  'example-owner/example-flux-lora:925da5f563c07bb620a3bf3cc2185079b1cfc7d62f47a9c234e67dbc36eab738';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const REQUEST: TrainingRequest = {
  images: [
    { base64: PNG.toString('base64'), mimeType: 'image/png' },
    { base64: JPEG.toString('base64'), mimeType: 'image/jpeg' },
  ],
  triggerWord: 'TOK',
  name: 'my dog',
  steps: 1500,
};

const DESTINATION = { trainingDestination: 'example-owner/example-flux-lora' };
/** The POST /files answer (docs-shaped): the uploaded zip's id and URL. */
const fileAnswer = (url: string): FakeResponse => ({
  type: 'json',
  status: 201,
  body: { id: 'zip1', urls: { get: url } },
});
const job = (fixture: string, patch: Record<string, unknown> = {}) =>
  predictionResponse(fixture, { id: ID, ...patch });
const processing = () =>
  job('trainings.get.processing.json', {
    logs: 'Loading model\nflux_train_replicate:  12%|█▏        | 180/1500 [03:01<22:10,  1.01s/it]',
  });

describe('Replicate trainings (ostris/flux-dev-lora-trainer)', () => {
  const upstream = useFakeUpstream({
    [TRAIN]: { response: job('trainings.create.json') },
    [CANCEL]: { response: job('trainings.cancel.json') },
  });
  const fileURL = () => `${upstream.url}/files/zip1`;
  const provider = (settings: ReplicateProviderSettings = {}) => {
    upstream.routes[FILES] = { response: fileAnswer(fileURL()) };
    return replicateAt(upstream.url, { ...DESTINATION, ...settings });
  };
  const trainer = (settings?: ReplicateProviderSettings) =>
    provider(settings).trainingModel('ostris/flux-dev-lora-trainer');
  const callsMade = () => callsOf(upstream);

  it('should zip and upload the photos, train to the destination and return the new version with its weights', async () => {
    upstream.routes[GET] = {
      response: [processing(), job('trainings.get.succeeded.json')],
    };
    const statuses: TaskStatus[] = [];
    const result = await trainer().generate(REQUEST, {
      task: { onStatus: (status) => void statuses.push(status) },
    });
    expect(callsMade()).toEqual([FILES, TRAIN, GET, GET]);
    const upload = upstream.calls[0];
    const form = await new Response(upload?.bodyBytes, {
      headers: { 'content-type': upload?.headers['content-type'] ?? '' },
    }).formData();
    const zip = form.get('content') as File;
    expect([zip.name, zip.type]).toEqual(['images.zip', 'application/zip']);
    const files = readStoredZip(new Uint8Array(await zip.arrayBuffer()));
    expect(files.map(({ name, data }) => [name, data])).toEqual([
      ['image-01.png', new Uint8Array(PNG)],
      ['image-02.jpg', new Uint8Array(JPEG)],
    ]);
    expect(upstream.calls[1]?.bodyJson).toEqual({
      destination: 'example-owner/example-flux-lora',
      input: { input_images: fileURL(), trigger_word: 'TOK', steps: 1500 },
    });
    expect(upstream.calls[1]?.headers).not.toHaveProperty('prefer');
    expect(statuses[0]).toEqual({ state: 'queued' });
    expect(statuses[1]).toMatchObject({ state: 'running', progress: 0.12 });
    expect(result).toEqual({
      trainedModel: {
        modelId: TRAINED,
        weightsUrl:
          'https://replicate.delivery/xezq/nAhWcGRcC2acElRYzK0ukvw1ANLiE8TKfYdYGtHsVSRVa5fTA/trained_model.tar',
      },
      steps: 1500,
      warnings: [],
    });
  });

  it('should serve the trained version through imageModel: a prediction of that version', async () => {
    upstream.routes['POST /predictions'] = {
      response: fixtureResponse(
        'replicate/predictions.create.flux-schnell.prefer-wait.json',
      ),
    };
    const { images } = await provider()
      .imageModel(TRAINED)
      .generate({ prompt: 'a photo of TOK on a beach' }, {});
    expect(callsMade()).toEqual(['POST /predictions']);
    expect(upstream.calls[0]?.bodyJson).toEqual({
      version: TRAINED.split(':')[1],
      input: { prompt: 'a photo of TOK on a beach' },
    });
    expect(images).toHaveLength(1);
  });

  it('should take the destination from providerOptions over the setting', async () => {
    upstream.routes[GET] = { response: job('trainings.get.succeeded.json') };
    await trainer().generate(
      {
        ...REQUEST,
        providerOptions: {
          replicate: { destination: 'me/other', input: { lora_rank: 32 } },
        },
      },
      {},
    );
    expect(upstream.calls[1]?.bodyJson).toMatchObject({
      destination: 'me/other',
      input: { lora_rank: 32, trigger_word: 'TOK' },
    });
  });

  it('should refuse, before any call, a training without a destination, with URL photos, an unpinned unknown trainer or another base model', async () => {
    const refusals = [
      trainer({ trainingDestination: undefined }).generate(REQUEST, {}),
      trainer().generate(
        { ...REQUEST, images: [{ url: 'https://example.com/dog.png' }] },
        {},
      ),
      provider().trainingModel('acme/trainer').generate(REQUEST, {}),
      trainer().generate({ ...REQUEST, baseModel: 'stability-ai/sdxl' }, {}),
    ];
    const errors = await Promise.all(
      refusals.map((call) => call.catch((error: unknown) => error)),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('"trainingDestination"'),
      }),
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('images[0] is a URL'),
      }),
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('acme/trainer:<version>'),
      }),
      expect.objectContaining({ code: 'unsupported' }),
    ]);
    expect(upstream.calls).toHaveLength(0);
  });

  it('should map the recorded 404 of a destination that does not exist', async () => {
    upstream.routes[TRAIN] = {
      response: fixtureResponse(
        'replicate/error-404.training-destination.json',
      ),
    };
    await expect(trainer().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'not_found',
      statusCode: 404,
      message: expect.stringContaining(
        'The specified training destination does not exist',
      ),
    });
  });

  it('should map a refused upload (recorded 401) to auth, before any training', async () => {
    const training = trainer();
    upstream.routes[FILES] = {
      response: fixtureResponse('replicate/error-401.invalid-token.json'),
    };
    await expect(training.generate(REQUEST, {})).rejects.toMatchObject({
      code: 'auth',
    });
    expect(callsMade()).toEqual([FILES]);
  });

  it('should fail a failed training with its text', async () => {
    upstream.routes[GET] = {
      response: job('trainings.get.processing.json', {
        status: 'failed',
        error: 'Training failed: no images found in input_images',
      }),
    };
    await expect(trainer().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'unknown',
      message: expect.stringContaining('no images found'),
    });
  });

  it('should cancel the training at Replicate when the caller aborts', async () => {
    upstream.routes[GET] = { response: processing() };
    await abortWhilePolling(
      (signal) => trainer().generate(REQUEST, { signal }),
      () => callsMade().includes(GET),
    );
    await vi.waitFor(() => expect(callsMade()).toContain(CANCEL));
  });

  it('should resume a training after a restart by its id, with one upload and one training in all', async () => {
    upstream.routes[GET] = { response: processing() };
    const { taskId, result } = await crashAndResume({
      model: trainer,
      request: REQUEST,
      beforeResume: () => {
        upstream.routes[GET] = {
          response: [processing(), job('trainings.get.succeeded.json')],
        };
      },
    });
    expect(taskId).toBe(ID);
    expect(result.trainedModel.modelId).toBe(TRAINED);
    expect(callsMade().filter((call) => call === FILES)).toHaveLength(1);
    expect(callsMade().filter((call) => call === TRAIN)).toHaveLength(1);
    expect(callsMade()).not.toContain(CANCEL);
  });

  it('should list the FLUX LoRA trainer with its price per step', () => {
    expect(createReplicate({ apiKey: 'r8' }).listModels()).toContainEqual(
      expect.objectContaining({
        id: 'ostris/flux-dev-lora-trainer',
        kind: 'training',
        cost: { perStep: 1_700 },
        capabilities: expect.objectContaining({
          defaultSteps: 1_000,
          baseModels: ['black-forest-labs/flux-dev'],
        }),
      }),
    );
  });
});

describe('Replicate trainer conformance', () => {
  const upstream = useFakeUpstream({
    [TRAIN]: { response: job('trainings.create.json') },
    [GET]: { response: job('trainings.get.succeeded.json') },
  });
  describeModelConformance({
    name: 'replicate ostris/flux-dev-lora-trainer',
    kind: 'training',
    modelId: 'ostris/flux-dev-lora-trainer',
    model: () => {
      upstream.routes[FILES] = {
        response: fileAnswer(`${upstream.url}/files/zip1`),
      };
      return replicateAt(upstream.url, DESTINATION).trainingModel(
        'ostris/flux-dev-lora-trainer',
      );
    },
    request: REQUEST,
    listModels: () => createReplicate({ apiKey: 'r8' }).listModels(),
  });
});
