import {
  defineProvider,
  taskModelToImageModel,
  SwitchyardError,
  type ImageCapabilities,
  type ImageTaskModel,
  type Provider,
  type ImageModelResult,
  type TaskStatus,
} from '@switchyard/core';
import { z } from 'zod';
import { createCallQueue } from './call-queue';
import { deferred, type Deferred } from './deferred';

/** A status poll of a {@link switchyardProvider} task, waiting for the test's answer. */
export interface StatusPoll {
  /** The provider instance polled. */
  instance: string;
  taskId: string;
  /** Settles the poll: a status, or an error (as a failed HTTP call would). */
  answer: Deferred<TaskStatus<ImageModelResult>>;
}

/** Every status poll not answered yet, across instances, in the order they came. */
export const statusPolls = createCallQueue<StatusPoll>();

/** The ids of the tasks the provider was asked to cancel, in order. */
export const taskCancels = createCallQueue<string>();

const capabilities: ImageCapabilities = {
  maxImagesPerCall: 1,
  sizes: ['1024x1024'],
  seed: false,
  negativePrompt: false,
};

const settingsSchema = z.strictObject({
  /** Micro-credits per image. */
  price: z.number().int().nonnegative(),
});

/**
 * A task-based image provider whose tasks end when the test says: each
 * status poll waits in {@link statusPolls} for its answer, and rejects like
 * an aborted HTTP call when its caller's signal aborts. Every instance's
 * task is `<instance>-task`, its model `m`; the first failed poll fails the
 * call (so a test can abandon a task without waiting for a deadline).
 * Load it with `use:` and this file's path.
 */
export const switchyardProvider = defineProvider({
  name: 'waiting-task-provider',
  description: 'Task-based test provider whose tasks end when the test says.',
  features: ['image'],
  costPerUnit: { perImage: 1 },
  isAsync: true,
  settingsSchema,
  models: [{ id: 'm', kind: 'image', capabilities, cost: { perImage: 1 } }],
  create(settings, context): Provider {
    const instance = context.instanceName;
    const cost = { perImage: settings.price };
    const model = taskModelToImageModel({
      taskModel: waitingTaskModel(instance),
      capabilities,
      cost,
      maxPollErrors: 1,
    });
    return {
      name: instance,
      imageModel: () => model,
      textModel() {
        throw new SwitchyardError({
          code: 'unsupported',
          message: `${instance} has no text models.`,
        });
      },
      listModels: () => [{ id: 'm', kind: 'image', capabilities, cost }],
    };
  },
});

function waitingTaskModel(instance: string): ImageTaskModel {
  return {
    provider: instance,
    modelId: 'm',
    submit: () => Promise.resolve({ taskId: `${instance}-task` }),
    status(taskId, options) {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      const poll: StatusPoll = { instance, taskId, answer: deferred() };
      const onAbort = () => {
        statusPolls.withdraw(poll);
        poll.answer.reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      statusPolls.push(poll);
      return poll.answer.promise.finally(() =>
        signal?.removeEventListener('abort', onAbort),
      );
    },
    result: (taskId) =>
      Promise.resolve({
        images: [
          { url: `https://cdn.example/${taskId}.png`, mimeType: 'image/png' },
        ],
        warnings: [],
      }),
    cancel(taskId) {
      taskCancels.push(taskId);
      return Promise.resolve();
    },
  };
}
