// The dataset and custom-model answers are RECONSTRUCTED from Leonardo's
// docs and OpenAPI spec (see @switchyard/testing's fixtures README); the FAILED and unknown
// custom model bodies below are written here after the spec's job_status
// enum and its Hasura-style `null` for an unknown id.
import type { TrainingRequest } from '@switchyard/core';
import { fixtureResponse } from '@switchyard/testing';
import {
  crashAndResume,
  describeModelConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { presignedAnswer, tinyPng } from './__fixtures__/leonardo-upstream';
import { createLeonardo } from './index';

const DATASET_ID = '3f6a8b1c-2d4e-4f5a-8b9c-0d1e2f3a4b5c';
const CUSTOM_MODEL_ID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const DATASETS = 'POST /datasets';
const UPLOAD = `POST /datasets/${DATASET_ID}/upload`;
const S3 = 'POST /s3-bucket/';
const MODELS = 'POST /models';
const GET = `GET /models/${CUSTOM_MODEL_ID}`;
const PNG = {
  base64: Buffer.from(tinyPng()).toString('base64'),
  mimeType: 'image/png' as const,
};
const REQUEST = {
  images: [PNG, PNG, PNG, PNG, { ...PNG, mimeType: 'image/jpeg' as const }],
  triggerWord: 'lhstyle',
  name: 'Lighthouse style',
};
const UPLOADS = Array.from({ length: 5 }, () => [UPLOAD, S3]).flat();
const customModel = (status: string) => ({
  type: 'json' as const,
  body: { custom_models_by_pk: { id: CUSTOM_MODEL_ID, status } },
});

const routes = () => ({
  [DATASETS]: { response: fixtureResponse('leonardo/datasets.create.json') },
  [UPLOAD]: {
    response: presignedAnswer(
      fixtureResponse('leonardo/datasets.upload.json'),
      'uploadDatasetImage',
    ),
  },
  [S3]: { response: fixtureResponse('leonardo/init-image.s3-upload.json') },
  [MODELS]: { response: fixtureResponse('leonardo/models.create.json') },
  [GET]: {
    response: [
      fixtureResponse('leonardo/models.get.pending.json'),
      fixtureResponse('leonardo/models.get.complete.json'),
    ],
  },
  'POST /generations': {
    response: fixtureResponse('leonardo/generations.create.json'),
  },
  'GET /generations/3b4c3b4e-5f4a-4c6e-9d2e-0a1b2c3d4e5f': {
    response: fixtureResponse('leonardo/generations.get.complete.json'),
  },
});

const leonardo = (url: string) =>
  createLeonardo({
    baseURL: url,
    apiKey: 'lk',
    pollIntervalMs: 1,
    trainingPollIntervalMs: 1,
  });

describeRecordedErrors({
  routes: [DATASETS],
  secret: 'leonardo-secret-key',
  call: (url) =>
    createLeonardo({ baseURL: url, apiKey: 'leonardo-secret-key' })
      .trainingModel('custom-model-512')
      .generate(REQUEST, {}),
  cases: {
    'leonardo/error-401.access-denied.json': { code: 'auth', statusCode: 401 },
    'leonardo/error-400.validation-failed.json': { code: 'invalid_request' },
  },
});

describe('Leonardo trainer', () => {
  // Its own upstream: a call the abort test cuts off may still land after it.
  const upstream = useFakeUpstream(routes());
  describeModelConformance({
    name: 'Leonardo training',
    kind: 'training',
    modelId: 'custom-model-512',
    model: () => leonardo(upstream.url).trainingModel('custom-model-512'),
    request: REQUEST,
    slowRequest: REQUEST,
    listModels: () => leonardo(upstream.url).listModels(),
  });
});

describe('Leonardo custom model training', () => {
  const upstream = useFakeUpstream(routes());
  const callsMade = () =>
    upstream.calls.map((call) => `${call.method} ${call.url}`);
  const trainer = (id = 'custom-model-512') =>
    leonardo(upstream.url).trainingModel(id);

  it('should upload the photos to a new dataset, train on it and return the custom model', async () => {
    const statuses: string[] = [];
    const result = await trainer().generate(REQUEST, {
      task: { onStatus: (status) => statuses.push(status.state) },
    });
    expect(callsMade()).toEqual([DATASETS, ...UPLOADS, MODELS, GET, GET]);
    expect(upstream.calls[0]?.bodyJson).toEqual({
      name: 'Lighthouse style',
      description: '5 reference images',
    });
    expect(upstream.calls[1]?.bodyJson).toEqual({ extension: 'png' });
    expect(upstream.calls[9]?.bodyJson).toEqual({ extension: 'jpg' });
    expect(upstream.calls[2]?.headers).not.toHaveProperty('authorization');
    expect(upstream.calls[11]?.bodyJson).toEqual({
      name: 'Lighthouse style',
      datasetId: DATASET_ID,
      instance_prompt: 'lhstyle',
      modelType: 'GENERAL',
      resolution: 512,
      sd_version: 'v1_5',
      strength: 'MEDIUM',
      nsfw: false,
    });
    expect(statuses).toEqual(['running', 'succeeded']);
    expect(result).toEqual({
      trainedModel: { modelId: CUSTOM_MODEL_ID },
      warnings: [],
    });
  });

  it('should train at 768 px on SD 2.1 with the options given, and warn that steps are Leonardo’s', async () => {
    const result = await trainer('custom-model-768').generate(
      {
        ...REQUEST,
        baseModel: 'v2',
        steps: 1_500,
        providerOptions: {
          leonardo: { modelType: 'CHARACTERS', strength: 'HIGH', nsfw: true },
        },
      },
      {},
    );
    expect(upstream.calls[11]?.bodyJson).toMatchObject({
      resolution: 768,
      sd_version: 'v2',
      modelType: 'CHARACTERS',
      strength: 'HIGH',
      nsfw: true,
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'steps',
    ]);
  });

  it('should refuse, before any call, a base model, options or image source it cannot take', async () => {
    const refused: Array<[TrainingRequest, string]> = [
      [{ ...REQUEST, baseModel: 'flux-dev' }, 'unsupported'],
      [
        { ...REQUEST, providerOptions: { leonardo: { steps: 9 } } },
        'invalid_request',
      ],
      [
        {
          ...REQUEST,
          images: [...REQUEST.images, { url: 'https://example.com/a.png' }],
        },
        'unsupported',
      ],
    ];
    for (const [request, code] of refused) {
      await expect(trainer().generate(request, {})).rejects.toMatchObject({
        code,
      });
    }
    expect(upstream.calls).toHaveLength(0);
    expect(() => leonardo(upstream.url).trainingModel('sdxl')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });

  it('should fail a FAILED training and an unknown custom model', async () => {
    upstream.routes[GET] = { response: customModel('FAILED') };
    await expect(trainer().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'unknown',
      message: expect.stringContaining('failed'),
    });
    upstream.routes[GET] = {
      response: { type: 'json', body: { custom_models_by_pk: null } },
    };
    await expect(trainer().generate(REQUEST, {})).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('should report no task when POST /models fails after the uploads (a new attempt makes a new dataset)', async () => {
    upstream.routes[MODELS] = { response: { type: 'error', status: 500 } };
    const submitted = vi.fn();
    await expect(
      trainer().generate(REQUEST, { task: { onSubmitted: submitted } }),
    ).rejects.toMatchObject({ code: 'server_error' });
    expect(submitted).not.toHaveBeenCalled();
    expect(callsMade()).toEqual([DATASETS, ...UPLOADS, MODELS]);
  });

  it('should resume a run by its custom model id in a new process, with one submission in all', async () => {
    const { taskId, result } = await crashAndResume({
      model: trainer,
      request: REQUEST,
      resumeRequest: { ...REQUEST, steps: 10 },
    });
    expect(taskId).toBe(CUSTOM_MODEL_ID);
    expect(result.trainedModel.modelId).toBe(CUSTOM_MODEL_ID);
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'steps',
    ]);
    const made = callsMade();
    expect(made.filter((call) => call === DATASETS)).toHaveLength(1);
    expect(made.filter((call) => call === MODELS)).toHaveLength(1);
    expect(made.slice(-2)).toEqual([GET, GET]);
  });

  it('should generate with the trained model: its id reaches POST /generations as modelId', async () => {
    const provider = leonardo(upstream.url);
    const { trainedModel } = await provider
      .trainingModel('custom-model-512')
      .generate(REQUEST, {});
    upstream.reset();
    const result = await provider
      .imageModel(trainedModel.modelId)
      .generate({ prompt: 'lhstyle lighthouse at noon' }, {});
    expect(upstream.calls[0]?.url).toBe('/generations');
    expect(upstream.calls[0]?.bodyJson).toMatchObject({
      modelId: CUSTOM_MODEL_ID,
      prompt: 'lhstyle lighthouse at noon',
    });
    expect(result.images).toHaveLength(1);
  });

  it('should stop polling on abort and cancel by id without a call (Leonardo has no cancel)', async () => {
    upstream.routes[GET] = {
      response: fixtureResponse('leonardo/models.get.pending.json'),
    };
    const controller = new AbortController();
    const abandoned: string[] = [];
    const call = trainer().generate(REQUEST, {
      signal: controller.signal,
      task: { onAbandoned: (taskId) => abandoned.push(taskId) },
    });
    await vi.waitFor(() => expect(callsMade()).toContain(GET));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    expect(abandoned).toEqual([CUSTOM_MODEL_ID]);
    const made = upstream.calls.length;
    await trainer().cancelTask?.(CUSTOM_MODEL_ID);
    expect(upstream.calls).toHaveLength(made);
  });

  it('should list both trainers, priced per run', () => {
    const trainers = createLeonardo()
      .listModels()
      .filter((info) => info.kind === 'training');
    expect(trainers).toEqual([
      expect.objectContaining({
        id: 'custom-model-512',
        cost: { perRequest: 1_125_000 },
        capabilities: expect.objectContaining({
          minImages: 5,
          maxImages: 40,
          baseModels: ['v1_5', 'v2'],
        }),
      }),
      expect.objectContaining({
        id: 'custom-model-768',
        cost: { perRequest: 2_250_000 },
      }),
    ]);
  });
});
