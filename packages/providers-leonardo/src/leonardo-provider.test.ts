import { fixtureResponse } from '@switchyard/testing';
import {
  describeProviderConformance,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import * as packageExports from './index';
import { createLeonardo } from './index';

const ID = '3b4c3b4e-5f4a-4c6e-9d2e-0a1b2c3d4e5f';
const MODEL = '6b645e3a-d64f-4341-a6d8-7a3690fbf042';
const CREATE = 'POST /generations';
const GET = `GET /generations/${ID}`;

const routes = () => ({
  [CREATE]: { response: fixtureResponse('leonardo/generations.create.json') },
  [GET]: {
    response: [
      fixtureResponse('leonardo/generations.get.pending.json'),
      fixtureResponse('leonardo/generations.get.complete.json'),
    ],
  },
});

describeProviderConformance({
  packageName: '@switchyard/providers-leonardo',
  exports: packageExports,
  create: ({ baseURL, apiKey }) =>
    createLeonardo({ baseURL, apiKey, pollIntervalMs: 10 }),
  apiKeyVariable: 'LEONARDO_API_KEY',
  image: {
    modelId: MODEL,
    request: {
      prompt: 'A lighthouse on a cliff at dusk',
      width: 1024,
      height: 768,
    },
    firstRoute: CREATE,
    routes: routes(),
  },
});

describeRecordedErrors({
  routes: [CREATE],
  secret: 'leonardo-secret-key',
  call: (url) =>
    createLeonardo({ baseURL: url, apiKey: 'leonardo-secret-key' })
      .imageModel(MODEL)
      .generate({ prompt: 'a lighthouse' }, {}),
  cases: {
    'leonardo/error-400.validation-failed.json': {
      code: 'invalid_request',
      statusCode: 400,
      messageContains: "expected a boolean for type 'Boolean'",
    },
    'leonardo/error-401.access-denied.json': {
      code: 'auth',
      statusCode: 401,
      messageContains: 'Authentication hook unauthorized this request',
    },
    'leonardo/error-401.invalid-auth-hook.json': {
      code: 'auth',
      statusCode: 401,
      messageContains: 'Invalid response from authorization hook',
    },
    // Leonardo answers a moderated prompt with 403: content_policy (not
    // retried, no fallback), not the auth the status alone would say.
    'leonardo/error-403.content-moderation.json': {
      code: 'content_policy',
      statusCode: 403,
      messageContains: 'content moderation filter',
    },
  },
});

describe('createLeonardo', () => {
  const upstream = useFakeUpstream(routes());
  const leonardo = () =>
    createLeonardo({ baseURL: upstream.url, apiKey: 'lk', pollIntervalMs: 1 });

  it('should create a generation, poll it while pending and return its images', async () => {
    const result = await leonardo().imageModel(MODEL).generate(
      {
        prompt: 'A lighthouse on a cliff at dusk',
        negativePrompt: 'fog',
        width: 1024,
        height: 768,
        n: 1,
      },
      {},
    );
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      CREATE,
      GET,
      GET,
    ]);
    expect(upstream.calls[0]?.headers.authorization).toBe('Bearer lk');
    expect(upstream.calls[0]?.bodyJson).toEqual({
      modelId: MODEL,
      prompt: 'A lighthouse on a cliff at dusk',
      negative_prompt: 'fog',
      width: 1024,
      height: 768,
      num_images: 1,
    });
    expect(result.images).toEqual([
      {
        url: expect.stringMatching(/^https:\/\/cdn\.leonardo\.ai\/.+\.jpg$/),
        mimeType: 'image/jpeg',
        width: 1024,
        height: 768,
        seed: 415869547,
      },
    ]);
  });

  it('should fail a FAILED generation, and an unknown one with not_found', async () => {
    upstream.routes[GET] = {
      response: fixtureResponse('leonardo/generations.get.failed.json'),
    };
    await expect(
      leonardo().imageModel(MODEL).generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({
      code: 'unknown',
      message: expect.stringContaining('failed'),
    });
    upstream.routes[GET] = {
      response: fixtureResponse('leonardo/generations.get.not-found.json'),
    };
    await expect(
      leonardo().imageModel(MODEL).generate({ prompt: 'x' }, {}),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('should keep nothing per task: a new model resumes an abandoned generation with its images and warnings', async () => {
    const request = { prompt: 'x', aspectRatio: '16:9' };
    const controller = new AbortController();
    const abandoned: string[] = [];
    await expect(
      leonardo()
        .imageModel(MODEL)
        .generate(request, {
          signal: controller.signal,
          task: {
            onSubmitted: () => controller.abort(),
            onAbandoned: (taskId) => abandoned.push(taskId),
          },
        }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(abandoned).toEqual([ID]);
    const resumed = await leonardo()
      .imageModel(MODEL)
      .generate(request, { task: { resumeTaskId: ID } });
    expect(resumed.images).toHaveLength(1);
    expect(resumed.warnings).toEqual([
      expect.objectContaining({ setting: 'aspectRatio' }),
    ]);
  });
});
