import { SwitchyardError } from '@switchyard/core';
import { createFakeUpstream, fixtureResponse } from '@switchyard/testing';
import {
  abortWhilePolling,
  crashAndResume,
  describeRecordedErrors,
  useFakeUpstream,
} from '@switchyard/testing/conformance';
import { describe, expect, it } from 'vitest';
import {
  DOWNLOAD,
  DOWNLOADED,
  KEY,
  MP4_BASE64,
  OPERATION,
  POLL,
  SUBMIT,
  done,
  failedOperation,
  mp4Answer,
  callsOf,
  veoAt,
  veoRoutes,
} from './__fixtures__/veo-responses';
import { createGemini } from './index';

describe('Gemini Veo tasks', () => {
  const upstream = useFakeUpstream(veoRoutes(() => upstream.url));
  const veo = (modelId?: string) => veoAt(upstream.url, modelId);
  const callsMade = () => callsOf(upstream);

  it("should fail with content_policy and Veo's reasons when the safety filters withheld the video", async () => {
    upstream.routes[POLL] = {
      response: fixtureResponse('gemini/veo.operation.done-rai-filtered.json'),
    };
    await expect(veo().generate({ prompt: 'x' }, {})).rejects.toMatchObject({
      code: 'content_policy',
      isRetryable: false,
      message: expect.stringContaining('violates our usage guidelines'),
    });
    expect(callsMade()).toEqual([SUBMIT, POLL]);
  });

  it.each<[number, string, string]>([
    [3, 'Invalid duration', 'invalid_request'],
    [13, 'Internal error', 'server_error'],
    [8, 'Quota exceeded', 'rate_limited'],
    [
      3,
      'The prompt could not be submitted: it violates usage guidelines',
      'content_policy',
    ],
  ])(
    'should map a failed operation (code %i, "%s") to %s, its message without the key',
    async (code, message, expected) => {
      upstream.routes[POLL] = {
        response: failedOperation(code, `${message} (key ${KEY})`),
      };
      const error = await veo()
        .generate({ prompt: 'x' }, {})
        .catch((reason: unknown) => reason);
      expect(SwitchyardError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: expected });
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain(KEY);
    },
  );

  it('should resume an operation after a restart by its name, without a new submit', async () => {
    upstream.routes[POLL] = {
      response: fixtureResponse('gemini/veo.operation.pending.json'),
    };
    const { taskId, result } = await crashAndResume({
      model: veo,
      request: { prompt: 'x', durationMs: 5_000 },
      beforeResume: () => {
        expect(callsMade()).toEqual([SUBMIT]);
        upstream.routes[POLL] = {
          response: [
            fixtureResponse('gemini/veo.operation.pending.json'),
            done(upstream.url),
          ],
        };
      },
    });
    expect(taskId).toBe(OPERATION);
    expect(callsMade()).toEqual([SUBMIT, POLL, POLL, DOWNLOADED]);
    expect(result.video.base64).toBe(MP4_BASE64);
    // The request's warnings come back with a resumed result too.
    expect(result.warnings.map((warning) => warning.setting)).toEqual([
      'durationMs',
    ]);
  });

  it('should refuse to resume a task id that is not an operation name', async () => {
    await expect(
      veo().generate(
        { prompt: 'x' },
        { task: { resumeTaskId: 'models/x/operations/../../files/y' } },
      ),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(upstream.calls).toHaveLength(0);
  });

  it('should stop polling when the caller aborts, with nothing to cancel at Google', async () => {
    upstream.routes[POLL] = {
      response: fixtureResponse('gemini/veo.operation.pending.json'),
    };
    await abortWhilePolling(
      (signal) => veo().generate({ prompt: 'x' }, { signal }),
      () => callsMade().includes(POLL),
    );
    expect(new Set(callsMade())).toEqual(new Set([SUBMIT, POLL]));
    await expect(veo().cancelTask?.(OPERATION)).resolves.toBeUndefined();
  });

  it('should refuse a video larger than its download bound', async () => {
    upstream.routes[DOWNLOAD] = {
      response: {
        ...mp4Answer,
        headers: { 'content-length': String(80 * 1024 * 1024) },
      },
    };
    await expect(veo().generate({ prompt: 'x' }, {})).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('larger than'),
    });
  });

  it('should follow the redirect to storage without the key', async () => {
    await using storage = await createFakeUpstream({
      '/video.mp4': { response: mp4Answer },
    });
    upstream.routes[DOWNLOAD] = {
      response: {
        type: 'empty',
        status: 302,
        headers: { location: `${storage.url}/video.mp4?signed=1` },
      },
    };
    const result = await veo().generate({ prompt: 'x' }, {});
    expect(result.video.base64).toBe(MP4_BASE64);
    expect(upstream.calls.at(-1)?.headers['x-goog-api-key']).toBe(KEY);
    expect(storage.calls).toHaveLength(1);
    expect(storage.calls[0]?.headers).not.toHaveProperty('x-goog-api-key');
  });
});

describeRecordedErrors({
  routes: [SUBMIT],
  secret: KEY,
  call: (url) =>
    createGemini({ baseURL: url, apiKey: KEY })
      .videoModel('veo-3.0-generate-001')
      .generate({ prompt: 'x' }, {}),
  cases: {
    'gemini/error-400.api-key-invalid.json': { code: 'auth' },
    'gemini/error-429.resource-exhausted.json': {
      code: 'rate_limited',
      retryAfterMs: 34_400,
    },
    'gemini/error-500.internal.json': { code: 'server_error' },
    'gemini/error-503.overloaded.json': { code: 'overloaded' },
  },
});
