import {
  backoffDelay,
  SwitchyardError,
  toNetworkError,
  type SystemHealthState,
  type TargetHealthState,
} from '@switchyard/core';
import type { WebhooksConfig } from '../config/config-schema';
import { postSignedWebhook } from '../jobs/webhook-post';
import {
  publicOnlyDispatcher,
  resolveWithDns,
  type ResolveHost,
} from '../jobs/webhook-target';
import type { Logger } from '../logger';
import { isWorse } from './health-judge';
import { waitOn, type HealthScheduler } from './scheduler';

/** Longest wait between two alert delivery attempts. */
const MAX_ALERT_DELAY_MS = 60_000;
/** How long one alert POST may take. */
const ALERT_TIMEOUT_MS = 10_000;

/**
 * A `health.changed` event: the body of the alert webhook, and the fields
 * of its log line.
 */
export interface HealthChangedEvent {
  type: 'health.changed';
  scope: 'target' | 'system';
  /** `instance:model`, for a target's change. */
  target?: string;
  from: TargetHealthState | SystemHealthState;
  to: TargetHealthState | SystemHealthState;
  /** Epoch milliseconds of the change. */
  at: number;
  /** A threshold crossed (`consecutive-failures`, `error-rate`, …), `recovered`, or the system's reason. */
  reason: string;
  /** What happened, in words (credentials redacted). */
  message: string;
}

/** Tells people about health changes: a log line, and a signed webhook when configured. */
export interface HealthAlerter {
  /** Logs the change (warn when worse, info when better) and POSTs it in the background. */
  emit(event: HealthChangedEvent): void;
  /** Cancels pending deliveries and their retries. */
  stop(): void;
}

/** Options of {@link createHealthAlerter}. */
export interface HealthAlerterOptions {
  logger: Logger;
  /** `health.alerts.webhookUrl`; without it, changes are only logged. */
  webhookUrl?: string;
  /** `webhooks`: the signing secret, private networks, attempts and backoff. */
  webhooks?: WebhooksConfig;
  now: () => number;
  /** Waits between delivery attempts. */
  scheduler: HealthScheduler;
  /** How host names are resolved (default: the system's resolver). */
  resolve?: ResolveHost;
}

/**
 * Creates the alerter of the health monitor. A webhook goes through the job
 * webhooks' machinery: signed with `webhooks.secret`, refused into private
 * networks unless `webhooks.allowPrivateNetworks`, retried with backoff up
 * to `webhooks.maxAttempts` (5) from `webhooks.baseDelayMs` (1000 ms).
 */
export function createHealthAlerter(
  options: HealthAlerterOptions,
): HealthAlerter {
  const { logger, webhookUrl, webhooks } = options;
  const stopped = new AbortController();
  const send =
    webhookUrl === undefined || webhooks === undefined
      ? undefined
      : createSender({
          ...options,
          webhookUrl,
          webhooks,
          signal: stopped.signal,
        });
  return {
    emit(event) {
      const fields = {
        event: event.type,
        scope: event.scope,
        target: event.target,
        from: event.from,
        to: event.to,
        reason: event.reason,
      };
      if (isWorse(event.from, event.to)) logger.warn(fields, event.message);
      else logger.info(fields, event.message);
      void send?.(event);
    },
    stop: () => stopped.abort(),
  };
}

/** Delivers one event, retrying with backoff until accepted, out of attempts, or stopped. */
function createSender(
  options: HealthAlerterOptions & {
    webhookUrl: string;
    webhooks: WebhooksConfig;
    signal: AbortSignal;
  },
): (event: HealthChangedEvent) => Promise<void> {
  const { webhookUrl: url, webhooks, logger, signal } = options;
  const resolve = options.resolve ?? resolveWithDns;
  const allowPrivateNetworks = webhooks.allowPrivateNetworks ?? false;
  const dispatcher = allowPrivateNetworks
    ? undefined
    : publicOnlyDispatcher(resolve);
  const maxAttempts = webhooks.maxAttempts ?? 5;
  const settings = {
    maxAttempts,
    baseDelayMs: webhooks.baseDelayMs ?? 1_000,
    maxDelayMs: MAX_ALERT_DELAY_MS,
    maxRetryAfterMs: MAX_ALERT_DELAY_MS,
  };
  return async (event) => {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      let outcome: string;
      try {
        const status = await postSignedWebhook({
          url,
          body,
          secret: webhooks.secret,
          timestamp: options.now(),
          allowPrivateNetworks,
          resolve,
          dispatcher,
          timeoutMs: ALERT_TIMEOUT_MS,
          signal,
        });
        if (status >= 200 && status < 300) return;
        outcome = `HTTP ${status}`;
      } catch (error) {
        if (signal.aborted) return;
        if (
          SwitchyardError.isInstance(error) &&
          error.code === 'invalid_request'
        ) {
          // The URL itself is refused (a private address): retrying cannot help.
          logger.error({ event: event.type, err: error }, error.message);
          return;
        }
        outcome = toNetworkError(error, 'the health alert receiver').message;
      }
      const last = attempt === maxAttempts;
      logger.warn(
        { event: event.type, attempt, outcome },
        last
          ? 'health alert delivery failed for good'
          : 'health alert delivery failed; retrying',
      );
      if (last) return;
      const delayMs = backoffDelay({
        retry: attempt,
        settings,
        random: Math.random,
      });
      if (!(await waitOn(options.scheduler, delayMs, signal))) return;
    }
  };
}
