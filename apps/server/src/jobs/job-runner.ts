import { randomUUID } from 'node:crypto';
import { HandedOver } from '../gateway/handover';
import type {
  GenerateInput,
  JobRecord,
  SwitchyardStore,
} from '@switchyard/core';
import type { Gateway } from '../gateway/gateway';
import type { Logger } from '../logger';
import {
  createLocalJobChangeFeed,
  type JobChangeFeed,
} from './job-change-feed';
import {
  dispatchJob,
  runStoredJob,
  type JobDispatchFactory,
} from './job-dispatch';
import type { JobPayer, JobRunnerContext } from './job-runner-context';
import { storeSubmittedJob } from './job-submit';
import { createWebhookSender, type WebhookSettings } from './webhooks';

export type { JobDispatch, JobDispatchFactory } from './job-dispatch';
export type { JobPayer } from './job-runner-context';

/** How long a job's lease lasts without renewal: a dead owner's jobs are resumed after it. */
export const DEFAULT_JOB_LEASE_MS = 15_000;

/** Runs async jobs in this process, durably: state, leases and provider task ids live in the store. */
export interface JobRunner {
  /** Stores a queued job and starts it; returns at once. Refuses a webhook URL it may not call. */
  submit(options: {
    input: GenerateInput;
    keyId: string;
    payer: JobPayer;
    webhookUrl?: string;
  }): Promise<JobRecord>;
  /** Asks a job to stop (at the provider too, where the API allows). */
  cancel(id: string): Promise<JobRecord | undefined>;
  /**
   * Claims and runs every unfinished job no live lease holds (after a
   * restart, or another replica's death), and delivers webhooks left pending.
   */
  resumeOrphans(): Promise<number>;
  /** Resolves when `jobId` next changes (on any replica sharing the feed), after `timeoutMs`, or on abort. */
  nextChange(
    jobId: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<void>;
  /** Stops renewing leases and leaves running provider tasks running, for another process to resume. */
  close(): Promise<void>;
}

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions {
  store: SwitchyardStore;
  gateway: Gateway;
  logger: Logger;
  leaseMs?: number;
  /** Signed webhooks; without them a job with a `webhookUrl` is refused. */
  webhooks?: WebhookSettings;
  /** How jobs reach a process: default, this one runs what it accepts. */
  dispatch?: JobDispatchFactory;
  /** Where job changes are announced: default, this process only. */
  changes?: JobChangeFeed;
}

/**
 * Creates the job runner. A job is leased to one process; the lease is
 * renewed while it runs. The provider's task id is stored as soon as the
 * provider accepts the task, so a process that dies mid-poll leaves a job
 * another process (or this one, restarted) resumes by polling that task,
 * not by submitting it again.
 *
 * Without a `dispatch` (no Redis), the submitting process runs the job and
 * every process's sweep claims jobs whose lease lapsed. With one (BullMQ on
 * Redis), jobs go through the queue to whichever worker takes them; the
 * store's lease still fences each run, so a duplicate delivery runs nothing.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  let closed = false;
  const context = runnerContext(options, () => closed);
  const { store, feed, running, webhooks } = context;
  const queue = options.dispatch?.((jobId) => runStoredJob(context, jobId));
  const runner = { context, queue };

  return {
    async submit({ payer, ...submission }) {
      const { job, created } = await storeSubmittedJob(
        { store, webhooks: options.webhooks },
        { ...submission, subject: payer?.subject, tokenId: payer?.tokenId },
      );
      if (created) await dispatchJob(runner, job, payer);
      return job;
    },
    async cancel(id) {
      const local = running.get(id);
      const job = await store.jobs.requestCancel(id);
      feed.notify(id);
      if (local !== undefined) {
        local.userCancelled = true;
        local.controller.abort();
      }
      return job;
    },
    async resumeOrphans() {
      const orphans = await store.jobs.listClaimable(100);
      for (const job of orphans) await dispatchJob(runner, job);
      await webhooks?.resumePending();
      return orphans.length;
    },
    nextChange: (jobId, waitOptions) => feed.next(jobId, waitOptions),
    async close() {
      closed = true;
      feed.close();
      const stopping = [...running.values()];
      for (const state of stopping) state.controller.abort(new HandedOver());
      // Each stopped call frees its credit hold before the store closes: the
      // process that resumes the job holds again, so a hold left here would
      // sit on the key until the sweeper. Bounded: a call that ignores its
      // abort does not keep the process from stopping.
      await settledWithin(
        stopping.map((state) => state.ended),
        CLOSE_WAIT_MS,
      );
      await queue?.close();
    },
  };
}

/** The runner's shared state: this process as a lease holder, its feed and webhook sender. */
function runnerContext(
  options: JobRunnerOptions,
  isClosed: () => boolean,
): JobRunnerContext {
  const { store, gateway, logger } = options;
  const owner = `runner_${randomUUID()}`;
  return {
    store,
    gateway,
    logger,
    owner,
    leaseMs: options.leaseMs ?? DEFAULT_JOB_LEASE_MS,
    feed: options.changes ?? createLocalJobChangeFeed(),
    webhooks:
      options.webhooks === undefined
        ? undefined
        : createWebhookSender({
            jobs: store.jobs,
            settings: options.webhooks,
            logger,
            owner,
          }),
    running: new Map(),
    isClosed,
  };
}

/** How long closing waits for stopped jobs to let go of their holds. */
const CLOSE_WAIT_MS = 5_000;

/** Waits for `promises` to settle, or `ms` at most. */
async function settledWithin(
  promises: Array<Promise<unknown>>,
  ms: number,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([Promise.allSettled(promises), timeout]);
  clearTimeout(timer);
}
