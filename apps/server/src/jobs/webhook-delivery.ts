import {
  backoffDelay,
  toNetworkError,
  type JobRecord,
  type JobStore,
} from '@switchyard/core';
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger';
import { toJob, type Job } from './job-view';
import { postSignedWebhook } from './webhook-post';
import type { ResolveHost } from './webhook-target';

/** What a webhook POSTs: the job's final state. */
export interface WebhookEvent {
  type: 'job.succeeded' | 'job.failed' | 'job.cancelled';
  job: Job;
}

/** Longest wait between two delivery attempts. */
const MAX_DELIVERY_DELAY_MS = 300_000;

/** How this process delivers webhooks: the store, its lease holder name, the settings with their defaults. */
export interface WebhookDeliveryDeps {
  jobs: JobStore;
  logger: Logger;
  /** This process, as the holder of delivery leases. */
  owner: string;
  secret: string;
  now: () => number;
  resolve: ResolveHost;
  allowPrivateNetworks: boolean;
  /** Connections that refuse non-public addresses; undefined when private networks are allowed. */
  dispatcher: Dispatcher | undefined;
  maxAttempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  /** The lease one attempt takes: its timeout and the store's writes around it. */
  attemptLeaseMs: number;
}

/**
 * Delivers an ended job's event to `url`, from the attempt after those
 * already recorded, until the receiver accepts it, the attempts run out, or
 * another process holds the delivery lease.
 */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  job: JobRecord,
  url: string,
): Promise<void> {
  const event: WebhookEvent = {
    type: `job.${job.status as 'succeeded' | 'failed' | 'cancelled'}`,
    job: toJob(job),
  };
  const body = JSON.stringify(event);
  const done = (await deps.jobs.listDeliveries(job.id)).length;
  for (let number = done + 1; number <= deps.maxAttempts; number += 1) {
    const mine = await deps.jobs.claimWebhook({
      id: job.id,
      owner: deps.owner,
      leaseMs: deps.attemptLeaseMs,
    });
    if (!mine) return;
    if (await attemptDelivery(deps, { jobId: job.id, url, body, number })) {
      return;
    }
    const last = number === deps.maxAttempts;
    if (!last && !(await waitToRetry(deps, job.id, number))) return;
  }
}

/** Sends attempt `number` and records it; true when the receiver accepted it. */
async function attemptDelivery(
  deps: WebhookDeliveryDeps,
  attempt: { jobId: string; url: string; body: string; number: number },
): Promise<boolean> {
  const { jobId, number } = attempt;
  let statusCode: number | undefined;
  let error: string | undefined;
  try {
    statusCode = await postWebhook(deps, attempt.url, attempt.body);
  } catch (thrown) {
    error = toNetworkError(thrown, 'the webhook receiver').message;
  }
  const delivered =
    statusCode !== undefined && statusCode >= 200 && statusCode < 300;
  const last = number === deps.maxAttempts;
  await deps.jobs.recordDelivery({
    jobId,
    attempt: number,
    statusCode,
    error,
    state: delivered ? 'delivered' : last ? 'failed' : 'pending',
  });
  if (delivered) return true;
  deps.logger.warn(
    { job: jobId, attempt: number, statusCode, error },
    last
      ? 'webhook delivery failed for good'
      : 'webhook delivery failed; retrying',
  );
  return false;
}

/**
 * Leases the wait before the attempt after `retry`, then waits it out;
 * false when another process holds the delivery now.
 */
async function waitToRetry(
  deps: WebhookDeliveryDeps,
  jobId: string,
  retry: number,
): Promise<boolean> {
  const delayMs = backoffDelay({
    retry,
    settings: {
      maxAttempts: deps.maxAttempts,
      baseDelayMs: deps.baseDelayMs,
      maxDelayMs: MAX_DELIVERY_DELAY_MS,
      maxRetryAfterMs: MAX_DELIVERY_DELAY_MS,
    },
    random: Math.random,
  });
  const stillMine = await deps.jobs.claimWebhook({
    id: jobId,
    owner: deps.owner,
    leaseMs: delayMs + deps.attemptLeaseMs,
  });
  if (!stillMine) return false;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return true;
}

/** POSTs the signed body to a checked `url`; resolves to the response status. */
function postWebhook(
  deps: WebhookDeliveryDeps,
  url: string,
  body: string,
): Promise<number> {
  return postSignedWebhook({
    url,
    body,
    secret: deps.secret,
    timestamp: deps.now(),
    allowPrivateNetworks: deps.allowPrivateNetworks,
    resolve: deps.resolve,
    dispatcher: deps.dispatcher,
    timeoutMs: deps.timeoutMs,
  });
}
