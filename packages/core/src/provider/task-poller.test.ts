import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error';
import type { ImageRequest } from '../schemas/image';
import type {
  ImageCapabilities,
  ImageModelResult,
  ImageTaskModel,
  TaskStatus,
} from './contract';
import { taskModelToImageModel } from './image-task-model';
import { runTask } from './task-poller';

const REQUEST: ImageRequest = { prompt: 'a lighthouse at dusk' };
const RESULT: ImageModelResult = {
  images: [{ url: 'https://cdn.example/1.png', mimeType: 'image/png' }],
  warnings: [],
};
const CAPABILITIES: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: ['1024x1024'],
  seed: true,
  negativePrompt: false,
};

/** A task model whose status answers follow a script (the last repeats). */
function scriptedTaskModel(
  statuses: Array<TaskStatus<ImageModelResult> | Error>,
  overrides: Partial<ImageTaskModel> = {},
) {
  let polls = 0;
  const model = {
    provider: 'queue-provider',
    modelId: 'queue-model',
    submit: vi.fn(() => Promise.resolve({ taskId: 'task-1' })),
    status: vi.fn(() => {
      const next = statuses[Math.min(polls, statuses.length - 1)];
      polls += 1;
      if (next instanceof Error) return Promise.reject(next);
      return Promise.resolve(next ?? { state: 'queued' as const });
    }),
    result: vi.fn(() => Promise.resolve(RESULT)),
    cancel: vi.fn(() => Promise.resolve()),
    ...overrides,
  } satisfies ImageTaskModel;
  return model;
}

function settle<TValue>(promise: Promise<TValue>) {
  const outcome: { value?: TValue; error?: unknown; settled: boolean } = {
    settled: false,
  };
  promise.then(
    (value) => Object.assign(outcome, { value, settled: true }),
    (error: unknown) => Object.assign(outcome, { error, settled: true }),
  );
  return outcome;
}

describe('runTask', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should submit, poll at the interval until success, then fetch the result', async () => {
    const taskModel = scriptedTaskModel([
      { state: 'queued', position: 2 },
      { state: 'running', progress: 0.5 },
      { state: 'succeeded' },
    ]);
    const outcome = settle(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {},
        pollIntervalMs: 1_000,
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(taskModel.submit).toHaveBeenCalledWith(REQUEST, {});
    expect(taskModel.status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(taskModel.status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(taskModel.status).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(outcome).toEqual({ value: RESULT, settled: true });
    expect(taskModel.status).toHaveBeenCalledTimes(3);
    expect(taskModel.result).toHaveBeenCalledWith('task-1', {});
    expect(taskModel.cancel).not.toHaveBeenCalled();
  });

  it("should use the task model's own poll interval by default", async () => {
    const taskModel = {
      ...scriptedTaskModel([{ state: 'running' }, { state: 'succeeded' }]),
      pollIntervalMs: 250,
    };
    const outcome = settle(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    );
    await vi.advanceTimersByTimeAsync(250);
    expect(outcome.value).toEqual(RESULT);
  });

  it('should throw the error of a failed task without cancelling it', async () => {
    const failure = new SwitchyardError({
      code: 'content_policy',
      message: 'NSFW content detected',
    });
    const taskModel = scriptedTaskModel([{ state: 'failed', error: failure }]);
    await expect(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    ).rejects.toBe(failure);
    expect(taskModel.cancel).not.toHaveBeenCalled();
  });

  it('should wrap a plain error of a failed task as unknown', async () => {
    const taskModel = scriptedTaskModel([
      { state: 'failed', error: new Error('CUDA out of memory') },
    ]);
    await expect(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    ).rejects.toMatchObject({
      code: 'unknown',
      provider: 'queue-provider',
      message: expect.stringContaining('CUDA out of memory'),
    });
  });

  it('should fail when the provider cancelled the task itself', async () => {
    const taskModel = scriptedTaskModel([{ state: 'cancelled' }]);
    await expect(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    ).rejects.toMatchObject({ code: 'unknown' });
  });

  it("should stop polling, cancel at the provider and throw cancelled on the caller's abort", async () => {
    const taskModel = scriptedTaskModel([{ state: 'running' }]);
    const controller = new AbortController();
    const outcome = settle(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {
          signal: controller.signal,
          headers: { 'x-trace': 't1' },
        },
        pollIntervalMs: 5_000,
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.settled).toBe(true);
    expect(outcome.error).toMatchObject({
      code: 'cancelled',
      provider: 'queue-provider',
    });
    expect(taskModel.cancel).toHaveBeenCalledWith(
      'task-1',
      expect.objectContaining({ headers: { 'x-trace': 't1' } }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(taskModel.status).toHaveBeenCalledTimes(1);
  });

  it("should throw the engine's timeout when it aborts with one", async () => {
    const taskModel = scriptedTaskModel([{ state: 'running' }]);
    const controller = new AbortController();
    const promise = runTask({
      taskModel,
      request: REQUEST,
      callOptions: { signal: controller.signal },
    });
    await vi.advanceTimersByTimeAsync(10);
    const timeout = new SwitchyardError({ code: 'timeout', message: 'slow' });
    controller.abort(timeout);
    await expect(promise).rejects.toBe(timeout);
    expect(taskModel.cancel).toHaveBeenCalledOnce();
  });

  it('should report a task it left unfinished after asking to cancel it, and not one it leaves running or one that ended', async () => {
    const abandoned: string[] = [];
    const onAbandoned = (taskId: string) => abandoned.push(taskId);
    const timedOut = new AbortController();
    const first = runTask({
      taskModel: scriptedTaskModel([{ state: 'running' }]),
      request: REQUEST,
      callOptions: { signal: timedOut.signal, task: { onAbandoned } },
    });
    await vi.advanceTimersByTimeAsync(10);
    timedOut.abort(new SwitchyardError({ code: 'timeout', message: 'slow' }));
    await expect(first).rejects.toMatchObject({ code: 'timeout' });
    expect(abandoned).toEqual(['task-1']);

    const shutdown = new AbortController();
    const kept = scriptedTaskModel([{ state: 'running' }]);
    const second = runTask({
      taskModel: kept,
      request: REQUEST,
      callOptions: {
        signal: shutdown.signal,
        task: { onAbandoned, cancelTaskOnAbort: () => false },
      },
    });
    await vi.advanceTimersByTimeAsync(10);
    shutdown.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(kept.cancel).not.toHaveBeenCalled();

    const failed = runTask({
      taskModel: scriptedTaskModel([
        { state: 'failed', error: new Error('nsfw') },
      ]),
      request: REQUEST,
      callOptions: { task: { onAbandoned } },
    });
    await expect(failed).rejects.toThrow('nsfw');
    expect(abandoned).toEqual(['task-1']);
  });

  it('should not submit at all when the signal is already aborted', async () => {
    const taskModel = scriptedTaskModel([{ state: 'succeeded' }]);
    await expect(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: { signal: AbortSignal.abort() },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(taskModel.submit).not.toHaveBeenCalled();
  });

  it('should cancel a resumed task when the signal is aborted before its first poll', async () => {
    const taskModel = scriptedTaskModel([{ state: 'running' }]);
    const abandoned: string[] = [];
    await expect(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {
          signal: AbortSignal.abort(),
          task: {
            resumeTaskId: 'stored-task',
            onAbandoned: (taskId) => abandoned.push(taskId),
          },
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(taskModel.status).not.toHaveBeenCalled();
    expect(taskModel.cancel).toHaveBeenCalledWith(
      'stored-task',
      expect.anything(),
    );
    expect(abandoned).toEqual(['stored-task']);
  });

  it('should cancel a task whose submit answered after the abort', async () => {
    const controller = new AbortController();
    const taskModel = scriptedTaskModel([{ state: 'running' }], {
      submit: vi.fn(() => {
        controller.abort();
        return Promise.resolve({ taskId: 'late-task' });
      }),
    });
    await expect(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: { signal: controller.signal },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(taskModel.cancel).toHaveBeenCalledWith(
      'late-task',
      expect.anything(),
    );
    expect(taskModel.status).not.toHaveBeenCalled();
  });

  it('should ride out a few retryable poll failures', async () => {
    const blip = new SwitchyardError({ code: 'network', message: 'reset' });
    const taskModel = scriptedTaskModel([blip, blip, { state: 'succeeded' }]);
    const outcome = settle(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {},
        pollIntervalMs: 100,
      }),
    );
    await vi.advanceTimersByTimeAsync(200);
    expect(outcome.value).toEqual(RESULT);
  });

  it('should give up and cancel after too many poll failures in a row', async () => {
    const blip = new SwitchyardError({ code: 'network', message: 'reset' });
    const taskModel = scriptedTaskModel([blip]);
    const outcome = settle(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {},
        pollIntervalMs: 100,
        maxPollErrors: 3,
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(outcome.error).toBe(blip);
    expect(taskModel.status).toHaveBeenCalledTimes(3);
    expect(taskModel.cancel).toHaveBeenCalledOnce();
  });

  it('should fail at once on a poll error that is not retryable', async () => {
    const denied = new SwitchyardError({ code: 'auth', message: 'bad key' });
    const taskModel = scriptedTaskModel([denied]);
    await expect(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    ).rejects.toBe(denied);
    expect(taskModel.status).toHaveBeenCalledOnce();
  });

  it('should time out and cancel after maxWaitMs', async () => {
    const taskModel = scriptedTaskModel([{ state: 'running' }]);
    const outcome = settle(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {},
        pollIntervalMs: 1_000,
        maxWaitMs: 3_000,
      }),
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outcome.error).toMatchObject({ code: 'timeout' });
    expect(taskModel.cancel).toHaveBeenCalledOnce();
  });

  it('should throw cancelled even when the cancel call fails', async () => {
    const taskModel = scriptedTaskModel([{ state: 'running' }], {
      cancel: vi.fn(() => Promise.reject(new Error('cancel endpoint down'))),
    });
    const controller = new AbortController();
    const promise = runTask({
      taskModel,
      request: REQUEST,
      callOptions: { signal: controller.signal },
    });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('taskModelToImageModel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should expose the task model as a plain image model', async () => {
    const taskModel = scriptedTaskModel([
      { state: 'queued' },
      { state: 'succeeded' },
    ]);
    const model = taskModelToImageModel({
      taskModel,
      capabilities: CAPABILITIES,
      cost: { perImage: 3_000 },
      pollIntervalMs: 500,
    });
    expect(model).toMatchObject({
      kind: 'image',
      provider: 'queue-provider',
      modelId: 'queue-model',
      capabilities: CAPABILITIES,
      cost: { perImage: 3_000 },
    });
    const outcome = settle(model.generate(REQUEST, {}));
    await vi.advanceTimersByTimeAsync(499);
    expect(outcome.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.value).toEqual(RESULT);
  });

  it('should cancel a task by id, and resolve even when the provider refuses or cannot cancel', async () => {
    const refusing = scriptedTaskModel([{ state: 'running' }], {
      cancel: vi.fn(() => Promise.reject(new Error('409 already running'))),
    });
    const model = taskModelToImageModel({
      taskModel: refusing,
      capabilities: CAPABILITIES,
    });
    await expect(model.cancelTask?.('stored-task')).resolves.toBeUndefined();
    expect(refusing.cancel).toHaveBeenCalledWith(
      'stored-task',
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    const { cancel: _none, ...uncancellable } = scriptedTaskModel([]);
    const plain = taskModelToImageModel({
      taskModel: uncancellable,
      capabilities: CAPABILITIES,
    });
    await expect(plain.cancelTask?.('stored-task')).resolves.toBeUndefined();
  });
});

describe('taskModelToImageModel result check', () => {
  it('should fail a resumed task whose result has no image with invalid_response, as the engine would', async () => {
    const taskModel = scriptedTaskModel([{ state: 'succeeded' }], {
      result: vi.fn(() => Promise.resolve({ images: [], warnings: [] })),
    });
    const model = taskModelToImageModel({
      taskModel,
      capabilities: CAPABILITIES,
    });
    await expect(
      model.generate(REQUEST, { task: { resumeTaskId: 'task-1' } }),
    ).rejects.toMatchObject({
      code: 'invalid_response',
      provider: 'queue-provider',
    });
    expect(taskModel.submit).not.toHaveBeenCalled();
  });
});

describe('a succeeded status that carries its result', () => {
  const CARRIED: ImageModelResult = {
    images: [{ url: 'https://cdn.example/carried.png', mimeType: 'image/png' }],
    warnings: [],
  };

  it('should answer the result the status carries, without a result call', async () => {
    const { result: _none, ...taskModel } = scriptedTaskModel([
      { state: 'running' },
      { state: 'succeeded', result: CARRIED },
    ]);
    await expect(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: {},
        sleep: () => Promise.resolve(),
      }),
    ).resolves.toBe(CARRIED);
    expect(taskModel.status).toHaveBeenCalledTimes(2);
  });

  it('should not poll a task the submit answered as done', async () => {
    const onStatus = vi.fn();
    const taskModel = scriptedTaskModel([{ state: 'running' }], {
      submit: vi.fn(() =>
        Promise.resolve({
          taskId: 'task-1',
          status: { state: 'succeeded' as const, result: CARRIED },
        }),
      ),
    });
    await expect(
      runTask({
        taskModel,
        request: REQUEST,
        callOptions: { task: { onStatus } },
      }),
    ).resolves.toBe(CARRIED);
    expect(taskModel.status).not.toHaveBeenCalled();
    expect(taskModel.result).not.toHaveBeenCalled();
    expect(onStatus).toHaveBeenCalledWith({
      state: 'succeeded',
      result: CARRIED,
    });
  });

  it('should fail with invalid_response when a task succeeds with no result to read', async () => {
    const { result: _none, ...taskModel } = scriptedTaskModel([
      { state: 'succeeded' },
    ]);
    await expect(
      runTask({ taskModel, request: REQUEST, callOptions: {} }),
    ).rejects.toMatchObject({
      code: 'invalid_response',
      provider: 'queue-provider',
    });
    expect(taskModel.cancel).not.toHaveBeenCalled();
  });

  it("should add the request's warnings to the result, a resumed task's too", async () => {
    const warning = {
      type: 'unsupported-setting' as const,
      setting: 'seed',
      message: 'seed was ignored.',
    };
    const model = taskModelToImageModel({
      taskModel: scriptedTaskModel([{ state: 'succeeded', result: CARRIED }]),
      capabilities: CAPABILITIES,
      warnings: (request) => (request.seed === undefined ? [] : [warning]),
    });
    const request = { ...REQUEST, seed: 7 };
    const submitted = await model.generate(request, {});
    const resumed = await model.generate(request, {
      task: { resumeTaskId: 'task-1' },
    });
    expect(submitted.warnings).toEqual([warning]);
    expect(resumed.warnings).toEqual([warning]);
  });
});
