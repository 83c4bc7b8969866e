import { randomUUID } from 'node:crypto';
import type { JobChanges, JobRecord, SwitchyardStore } from '@switchyard/core';
import { fixtureResponse, type FakeRoutes } from '@switchyard/testing';
import { expect, vi } from 'vitest';
import type { clientWithKey } from './test-server';

/** The image input the queue tests submit. */
export const FOX = {
  type: 'image',
  prompt: 'a fox',
  width: 64,
  height: 64,
} as const;

/** The request id in the recorded fal queue fixtures. */
export const FAL_REQUEST_ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';

/** fal's answer to a cancel it accepted. */
export const FAL_CANCEL_ACCEPTED = {
  type: 'json' as const,
  status: 202,
  body: { status: 'CANCELLATION_REQUESTED' },
};

/**
 * The fake routes of a fal queue (`app` is its path, e.g.
 * `/fal-queue/fal-ai/flux`) whose task never finishes: submit (unless
 * `submit: false`), an in-progress status, and an accepted cancel.
 */
export function unfinishedFalTask(
  app: string,
  options: { model?: string; submit?: boolean } = {},
): FakeRoutes {
  const { model = 'schnell', submit = true } = options;
  return {
    ...(submit
      ? {
          [`POST ${app}/${model}`]: {
            response: fixtureResponse('fal/queue.1-submit.json'),
          },
        }
      : {}),
    [`GET ${app}/requests/${FAL_REQUEST_ID}/status`]: {
      response: fixtureResponse('fal/queue.3-status.in-progress.json'),
    },
    [`PUT ${app}/requests/${FAL_REQUEST_ID}/cancel`]: {
      response: FAL_CANCEL_ACCEPTED,
    },
  };
}

/** The job once it has succeeded (waiting up to 10 s for it). */
export async function jobWhenSucceeded(
  client: ReturnType<typeof clientWithKey>,
  id: string,
) {
  return vi.waitFor(
    async () => {
      const job = await client.jobs.get.query({ id });
      expect(job.status).toBe('succeeded');
      return job;
    },
    { timeout: 10_000 },
  );
}

/** A job as a process that has since died left it: stored, leased, changed, its lease lapsing. */
export async function jobLeftByGoneProcess(
  store: SwitchyardStore,
  options: {
    keyId?: string;
    input?: unknown;
    webhookUrl?: string;
    changes: JobChanges;
  },
): Promise<JobRecord> {
  const id = `job_${randomUUID()}`;
  await store.jobs.create({
    id,
    keyId: options.keyId ?? '',
    input: options.input ?? { type: 'text', prompt: 'hi' },
    webhookUrl: options.webhookUrl,
  });
  await store.jobs.claim({ id, owner: 'gone', leaseMs: 1 });
  await store.jobs.update({ id, owner: 'gone', changes: options.changes });
  const left = await store.jobs.get(id);
  if (left === undefined) throw new Error(`job ${id} was not stored`);
  return left;
}
