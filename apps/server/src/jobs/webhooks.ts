import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import {
  SwitchyardError,
  backoffDelay,
  toNetworkError,
  type JobRecord,
  type JobStore,
} from '@switchyard/core';
import ipaddr from 'ipaddr.js';
import { Agent, fetch, type Dispatcher } from 'undici';
import type { Logger } from '../logger';
import { PUBLIC_RANGE, addressRange } from './address-range';
import { toJob, type Job } from './job-view';

/** Header with the signature: `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-switchyard-signature';
/** Header with the signing time, epoch milliseconds. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-switchyard-timestamp';

/** What a webhook POSTs: the job's final state. */
export interface WebhookEvent {
  type: 'job.succeeded' | 'job.failed' | 'job.cancelled';
  job: Job;
}

/** Webhook settings from the config (`webhooks:`). */
export interface WebhookSettings {
  secret: string;
  allowPrivateNetworks?: boolean;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

/** The signature header's value for a body signed at `timestamp`. */
export function signWebhook(options: {
  secret: string;
  timestamp: number;
  body: string;
}): string {
  const digest = createHmac('sha256', options.secret)
    .update(`${options.timestamp}.${options.body}`)
    .digest('hex');
  return `v1=${digest}`;
}

/** Longest wait between two delivery attempts. */
const MAX_DELIVERY_DELAY_MS = 300_000;
/** Slack on a delivery lease for the store's writes around an attempt. */
const LEASE_MARGIN_MS = 5_000;

/** Resolves a host name to every address it has. */
export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

/**
 * Refuses a webhook URL that is not http(s), or whose host is (or resolves
 * to) a loopback, private, link-local or other non-public address, unless
 * `allowPrivateNetworks`: a gateway must not be made to POST into its own
 * network.
 */
export async function assertWebhookTarget(options: {
  url: string;
  allowPrivateNetworks: boolean;
  resolve?: ResolveHost;
}): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw refusal(`"${options.url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw refusal(`webhookUrl must be http or https, not ${parsed.protocol}`);
  }
  if (options.allowPrivateNetworks) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const resolve = options.resolve ?? resolveWithDns;
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await resolve(host).catch(() => []);
  assertPublic(host, addresses);
}

function assertPublic(host: string, addresses: readonly string[]): void {
  if (addresses.length === 0) {
    throw refusal(`the webhook host ${host} does not resolve.`);
  }
  for (const address of addresses) {
    const { range, embedded } = addressRange(address);
    if (range !== PUBLIC_RANGE) {
      const shown =
        embedded === undefined ? address : `${address}, embedding ${embedded}`;
      throw refusal(
        `the webhook host ${host} is a ${range} address (${shown}); set webhooks.allowPrivateNetworks in the config to allow it.`,
      );
    }
  }
}

/**
 * A connection pool that checks the addresses it connects to, not only the
 * ones seen when the URL was checked: a host that resolves to a public
 * address for the check and to a private one for the connection (DNS
 * rebinding) is refused.
 */
function publicOnlyDispatcher(resolve: ResolveHost): Dispatcher {
  return new Agent({
    connect: {
      lookup(hostname, lookupOptions, callback) {
        resolve(hostname)
          .then((resolved) => {
            assertPublic(hostname, resolved);
            const found = resolved
              .map((address) => ({
                address,
                family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4,
              }))
              .filter((entry) =>
                lookupOptions.family !== 4 && lookupOptions.family !== 6
                  ? true
                  : entry.family === lookupOptions.family,
              );
            const [first] = found;
            if (first === undefined) {
              throw refusal(
                `the webhook host ${hostname} has no IPv${String(lookupOptions.family)} address.`,
              );
            }
            if (lookupOptions.all === true) callback(null, found);
            else callback(null, first.address, first.family);
          })
          .catch((error: unknown) => {
            callback(error as NodeJS.ErrnoException, '');
          });
      },
    },
  });
}

function refusal(message: string): SwitchyardError {
  return new SwitchyardError({
    code: 'invalid_request',
    message: `Webhook refused: ${message}`,
  });
}

/** Delivers jobs' final events to their webhooks, signed, with retries, recording each attempt. */
export interface WebhookSender {
  /** Delivers `job`'s final event (retrying with backoff); resolves when done or given up. */
  deliver(job: JobRecord): Promise<void>;
  /** Delivers the webhooks a stopped process left pending. */
  resumePending(): Promise<void>;
}

/** Creates the webhook sender; `settings` undefined means webhooks are off. */
export function createWebhookSender(options: {
  jobs: JobStore;
  settings: WebhookSettings;
  logger: Logger;
  /** This process, as the holder of delivery leases: one process delivers a webhook at a time. */
  owner: string;
  now?: () => number;
  /** How host names are resolved (default: the system's resolver). */
  resolve?: ResolveHost;
}): WebhookSender {
  const { jobs, settings, logger } = options;
  const now = options.now ?? Date.now;
  const resolve = options.resolve ?? resolveWithDns;
  const maxAttempts = settings.maxAttempts ?? 5;
  const baseDelayMs = settings.baseDelayMs ?? 1_000;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const allowPrivateNetworks = settings.allowPrivateNetworks ?? false;
  const dispatcher = allowPrivateNetworks
    ? undefined
    : publicOnlyDispatcher(resolve);
  const delivering = new Set<string>();
  // A lease covers one attempt, then the wait before the next: a process
  // that dies mid-delivery leaves the rest to another when the next attempt
  // is due.
  const attemptLeaseMs = timeoutMs + LEASE_MARGIN_MS;

  async function attempt(url: string, body: string) {
    await assertWebhookTarget({ url, allowPrivateNetworks, resolve });
    const timestamp = now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'switchyard-webhooks',
        [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook({
          secret: settings.secret,
          timestamp,
          body,
        }),
      },
      body,
      // A redirect could point into a private network: not followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher,
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }

  async function deliver(job: JobRecord): Promise<void> {
    const url = job.webhookUrl;
    if (url === undefined || delivering.has(job.id)) return;
    delivering.add(job.id);
    try {
      const event: WebhookEvent = {
        type: `job.${job.status as 'succeeded' | 'failed' | 'cancelled'}`,
        job: toJob(job),
      };
      const body = JSON.stringify(event);
      const done = (await jobs.listDeliveries(job.id)).length;
      for (let number = done + 1; number <= maxAttempts; number += 1) {
        const mine = await jobs.claimWebhook({
          id: job.id,
          owner: options.owner,
          leaseMs: attemptLeaseMs,
        });
        if (!mine) return;
        let statusCode: number | undefined;
        let error: string | undefined;
        try {
          statusCode = await attempt(url, body);
        } catch (thrown) {
          error = toNetworkError(thrown, 'the webhook receiver').message;
        }
        const delivered =
          statusCode !== undefined && statusCode >= 200 && statusCode < 300;
        const last = number === maxAttempts;
        await jobs.recordDelivery({
          jobId: job.id,
          attempt: number,
          statusCode,
          error,
          state: delivered ? 'delivered' : last ? 'failed' : 'pending',
        });
        if (delivered) return;
        logger.warn(
          { job: job.id, attempt: number, statusCode, error },
          last
            ? 'webhook delivery failed for good'
            : 'webhook delivery failed; retrying',
        );
        if (!last) {
          const delayMs = backoffDelay({
            retry: number,
            settings: {
              maxAttempts,
              baseDelayMs,
              maxDelayMs: MAX_DELIVERY_DELAY_MS,
              maxRetryAfterMs: MAX_DELIVERY_DELAY_MS,
            },
            random: Math.random,
          });
          const stillMine = await jobs.claimWebhook({
            id: job.id,
            owner: options.owner,
            leaseMs: delayMs + attemptLeaseMs,
          });
          if (!stillMine) return;
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
      }
    } finally {
      delivering.delete(job.id);
    }
  }

  return {
    deliver,
    async resumePending() {
      for (const job of await jobs.listPendingWebhooks(100)) {
        void deliver(job).catch((error: unknown) => {
          logger.error(
            { err: error, job: job.id },
            'delivering a webhook failed',
          );
        });
      }
    },
  };
}
