import type { JobRecord, JobStore } from '@switchyard/core';
import type { Logger } from '../logger';
import { deliverWebhook, type WebhookDeliveryDeps } from './webhook-delivery';
import {
  publicOnlyDispatcher,
  resolveWithDns,
  type ResolveHost,
} from './webhook-target';

export type { WebhookEvent } from './webhook-delivery';
export {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  signWebhook,
} from './webhook-signature';
export { assertWebhookTarget, type ResolveHost } from './webhook-target';

/** Webhook settings from the config (`webhooks:`). */
export interface WebhookSettings {
  secret: string;
  allowPrivateNetworks?: boolean;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

/** Slack on a delivery lease for the store's writes around an attempt. */
const LEASE_MARGIN_MS = 5_000;

/** Delivers jobs' final events to their webhooks, signed, with retries, recording each attempt. */
export interface WebhookSender {
  /** Delivers `job`'s final event (retrying with backoff); resolves when done or given up. */
  deliver(job: JobRecord): Promise<void>;
  /** Delivers the webhooks a stopped process left pending. */
  resumePending(): Promise<void>;
}

/** Options of {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  jobs: JobStore;
  settings: WebhookSettings;
  logger: Logger;
  /** This process, as the holder of delivery leases: one process delivers a webhook at a time. */
  owner: string;
  now?: () => number;
  /** How host names are resolved (default: the system's resolver). */
  resolve?: ResolveHost;
}

/** Creates the webhook sender; `settings` undefined means webhooks are off. */
export function createWebhookSender(
  options: WebhookSenderOptions,
): WebhookSender {
  const deps = deliveryDeps(options);
  const delivering = new Set<string>();

  async function deliver(job: JobRecord): Promise<void> {
    const url = job.webhookUrl;
    if (url === undefined || delivering.has(job.id)) return;
    delivering.add(job.id);
    try {
      await deliverWebhook(deps, job, url);
    } finally {
      delivering.delete(job.id);
    }
  }

  return {
    deliver,
    async resumePending() {
      for (const job of await options.jobs.listPendingWebhooks(100)) {
        void deliver(job).catch((error: unknown) => {
          options.logger.error(
            { err: error, job: job.id },
            'delivering a webhook failed',
          );
        });
      }
    },
  };
}

/** The sender's options with the settings' defaults filled in. */
function deliveryDeps(options: WebhookSenderOptions): WebhookDeliveryDeps {
  const { settings } = options;
  const resolve = options.resolve ?? resolveWithDns;
  const allowPrivateNetworks = settings.allowPrivateNetworks ?? false;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  return {
    jobs: options.jobs,
    logger: options.logger,
    owner: options.owner,
    secret: settings.secret,
    now: options.now ?? Date.now,
    resolve,
    allowPrivateNetworks,
    dispatcher: allowPrivateNetworks
      ? undefined
      : publicOnlyDispatcher(resolve),
    maxAttempts: settings.maxAttempts ?? 5,
    baseDelayMs: settings.baseDelayMs ?? 1_000,
    timeoutMs,
    // A lease covers one attempt, then the wait before the next: a process
    // that dies mid-delivery leaves the rest to another when the next
    // attempt is due.
    attemptLeaseMs: timeoutMs + LEASE_MARGIN_MS,
  };
}
