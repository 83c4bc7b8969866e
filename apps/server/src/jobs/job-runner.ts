import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SwitchyardError,
  formatTarget,
  generateInputSchema,
  parseTarget,
  type AbandonedTask,
  type GenerateInput,
  type JobChanges,
  type JobRecord,
  type RouteTarget,
  type SwitchyardStore,
  type TaskCallOptions,
} from '@switchyard/core';
import type { Gateway, GenerateOptions } from '../gateway/gateway';
import { hashRequest } from '../gateway/idempotency';
import type { Logger } from '../logger';
import { runAdoptingLateTasks } from './adoption';
import {
  createLocalJobChangeFeed,
  type JobChangeFeed,
} from './job-change-feed';
import {
  assertWebhookTarget,
  createWebhookSender,
  type WebhookSettings,
} from './webhooks';

const FINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

/** How long a job's lease lasts without renewal: a dead owner's jobs are resumed after it. */
export const DEFAULT_JOB_LEASE_MS = 15_000;

/** Who submitted a job and pays for it. */
export type JobPayer = GenerateOptions['payer'];

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

/** Hands stored jobs to a process that runs them. */
export interface JobDispatch {
  /** Gets a stored job run by some process, once; dispatching a job already on its way adds nothing. */
  dispatch(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** Makes a runner's dispatch from the function that runs a stored job in this process. */
export type JobDispatchFactory = (
  runStored: (jobId: string) => Promise<void>,
) => JobDispatch;

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
export function createJobRunner(options: {
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
}): JobRunner {
  const { store, gateway, logger } = options;
  const owner = `runner_${randomUUID()}`;
  const webhooks =
    options.webhooks === undefined
      ? undefined
      : createWebhookSender({
          jobs: store.jobs,
          settings: options.webhooks,
          logger,
          owner,
        });
  const sendWebhook = async (jobId: string) => {
    const ended = await store.jobs.get(jobId);
    if (ended?.webhookUrl === undefined || webhooks === undefined) return;
    void webhooks.deliver(ended).catch((error: unknown) => {
      logger.error({ err: error, job: jobId }, 'delivering a webhook failed');
    });
  };
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const running = new Map<
    string,
    { controller: AbortController; userCancelled: boolean }
  >();
  let closed = false;

  const feed = options.changes ?? createLocalJobChangeFeed();
  const update = async (job: JobRecord, changes: JobChanges) => {
    const updated = await store.jobs.update({ id: job.id, owner, changes });
    if (updated) feed.notify(job.id);
    return updated;
  };

  /** Claims and runs a job; false when it is not this process's to run (leased elsewhere, or over). */
  async function run(
    jobId: string,
    payerFor: (job: JobRecord) => Promise<JobPayer>,
  ): Promise<boolean> {
    if (closed || running.has(jobId)) return false;
    const job = await store.jobs.claim({ id: jobId, owner, leaseMs });
    if (job === undefined) return false;
    logger.info(
      { job: job.id, target: job.target, providerTaskId: job.providerTaskId },
      job.providerTaskId === undefined
        ? 'starting a job'
        : 'resuming a job: polling its provider task',
    );
    const state = { controller: new AbortController(), userCancelled: false };
    running.set(job.id, state);
    // This run's writes land in the order they were made: an attempt's
    // start never overwrites the task id its submit recorded after it.
    let writes: Promise<unknown> = Promise.resolve();
    const write = (changes: JobChanges): Promise<boolean> => {
      const written = writes.then(() => update(job, changes));
      writes = written.catch(() => undefined);
      return written;
    };
    const writeInBackground = (changes: JobChanges, failure: string) => {
      write(changes).catch((error: unknown) => {
        logger.warn({ err: error, job: job.id }, failure);
      });
    };
    const heartbeat = setInterval(
      () => {
        void (async () => {
          const held = await store.jobs.renew({ id: job.id, owner, leaseMs });
          const current = await store.jobs.get(job.id);
          if (!held) state.controller.abort();
          else if (current?.cancelRequested === true) {
            state.userCancelled = true;
            state.controller.abort();
          }
        })().catch((error: unknown) => {
          logger.warn(
            { err: error, job: job.id },
            'renewing a job lease failed',
          );
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      // The job's idempotency key made the submit idempotent; the calls the
      // job makes claim no generation key, so a resumed job never waits on
      // a record its dead predecessor left in flight.
      const { idempotencyKey: _submitKey, ...parsed } =
        generateInputSchema.parse(job.input);
      await write({ status: 'running' });
      const payer = await payerFor(job);
      const abandonedTasks: AbandonedTask[] = [...(job.abandonedTasks ?? [])];
      let attempt = job.attempt ?? 0;
      const taskHooks = (target: RouteTarget): TaskCallOptions => ({
        onSubmitted: async (taskId) => {
          await write({ providerTaskId: taskId, target: formatTarget(target) });
        },
        onStatus: (status) => {
          if (status.state === 'running' && status.progress !== undefined) {
            writeInBackground(
              { progress: status.progress },
              'recording a job’s progress failed',
            );
          }
        },
        // A timeout or a cancel stops the task at the provider; a shutdown
        // leaves it running for the process that resumes the job.
        cancelTaskOnAbort: () => !closed,
      });
      const result = await runAdoptingLateTasks({
        gateway,
        call: {
          input: parsed,
          signal: state.controller.signal,
          payer,
          generations: store.generations,
          // A new attempt has no task yet: until it submits one, a restart
          // routes the job again rather than resume the previous task.
          onAttemptStart: (target) => {
            attempt += 1;
            writeInBackground(
              { attempt, target: formatTarget(target), providerTaskId: null },
              'recording a job’s attempt failed',
            );
          },
        },
        taskHooks,
        resume:
          job.providerTaskId !== undefined && job.target !== undefined
            ? { target: parseTarget(job.target), taskId: job.providerTaskId }
            : undefined,
        abandoned: (job.abandonedTasks ?? []).map((task) => ({
          target: parseTarget(task.target),
          taskId: task.taskId,
        })),
        onAbandoned: (target, taskId) => {
          abandonedTasks.push({ target: formatTarget(target), taskId });
          writeInBackground(
            { abandonedTasks: [...abandonedTasks] },
            'recording an abandoned task failed; a restart will not watch it',
          );
        },
        mayAdopt: () => !closed && !state.userCancelled,
        onAdopted: async (target, taskId) => {
          logger.info(
            { job: job.id, target: formatTarget(target) },
            'job adopted the late result of an abandoned task',
          );
          await write({ providerTaskId: taskId, target: formatTarget(target) });
        },
      });
      await write({
        status: 'succeeded',
        result,
        progress: 1,
      });
      await sendWebhook(job.id);
      logger.info({ job: job.id, provider: result.provider }, 'job succeeded');
    } catch (error) {
      if (closed && !state.userCancelled) {
        // Shutting down: the lease runs out and the job is resumed elsewhere.
        return true;
      }
      const failure = SwitchyardError.isInstance(error)
        ? error
        : new SwitchyardError({
            code: 'unknown',
            message: error instanceof Error ? error.message : String(error),
          });
      await write({
        status: state.userCancelled ? 'cancelled' : 'failed',
        errorCode: state.userCancelled ? 'cancelled' : failure.code,
        errorMessage: state.userCancelled
          ? 'The job was cancelled.'
          : gateway.redact(failure.message),
      });
      logger.warn(
        { job: job.id, code: failure.code },
        'job ended without a result',
      );
      await sendWebhook(job.id);
    } finally {
      clearInterval(heartbeat);
      running.delete(job.id);
    }
    return true;
  }

  /** The payer of a job found after a restart: its key, if it still exists. */
  const payerOfStoredJob = async (job: JobRecord): Promise<JobPayer> => {
    if (job.keyId === '') return undefined;
    const key = await store.apiKeys.get(job.keyId);
    return {
      keyId: job.keyId,
      ledger: store.ledger,
      allowedProviders: key?.limits?.providers,
    };
  };

  /**
   * Runs a job the queue handed to this process. When another process holds
   * its lease, waits for that lease to end: lapsed unrenewed (its owner died
   * before the queue noticed), this process takes the job over; renewed, its
   * owner is alive and keeps it.
   */
  async function runStored(jobId: string): Promise<void> {
    while (!closed) {
      if (await run(jobId, payerOfStoredJob)) return;
      const held = await store.jobs.get(jobId);
      if (held === undefined || FINAL_STATUSES.has(held.status)) return;
      if (held.leaseOwner === owner) return;
      const expiresAt = held.leaseExpiresAt ?? 0;
      await sleep(Math.max(50, expiresAt - Date.now() + 50));
      const later = await store.jobs.get(jobId);
      const renewed =
        later?.leaseOwner === held.leaseOwner &&
        (later?.leaseExpiresAt ?? 0) > expiresAt;
      if (renewed) return;
    }
  }

  const queue = options.dispatch?.(runStored);
  /** Sends a stored job on its way: through the queue, or run here at once. */
  const dispatch = async (job: JobRecord, payer?: JobPayer) => {
    if (queue === undefined) {
      const payerFor =
        payer === undefined ? payerOfStoredJob : () => Promise.resolve(payer);
      void run(job.id, payerFor).catch((error: unknown) => {
        logger.error({ err: error, job: job.id }, 'running a job failed');
      });
      return;
    }
    await queue.dispatch(job.id).catch((error: unknown) => {
      // The job is stored: a sweep dispatches it once the queue answers.
      logger.warn(
        { err: error, job: job.id },
        'queueing a job failed; the next sweep queues it again',
      );
    });
  };

  return {
    async submit({ input, keyId, payer, webhookUrl }) {
      if (webhookUrl !== undefined) {
        if (options.webhooks === undefined) {
          throw new SwitchyardError({
            code: 'invalid_request',
            message:
              'This gateway sends no webhooks: add webhooks.secret to its config, or poll jobs.get / subscribe to jobs.events.',
          });
        }
        await assertWebhookTarget({
          url: webhookUrl,
          allowPrivateNetworks: options.webhooks.allowPrivateNetworks ?? false,
        });
      }
      const id = `job_${randomBytes(12).toString('base64url')}`;
      const requestHash = hashRequest({ ...input, webhookUrl });
      const job = await store.jobs.create({
        id,
        keyId,
        input,
        webhookUrl,
        idempotencyKey: input.idempotencyKey,
        requestHash,
      });
      if (job.id !== id) {
        if (job.requestHash !== requestHash) {
          throw new SwitchyardError({
            code: 'invalid_request',
            message: `The idempotencyKey "${input.idempotencyKey ?? ''}" was already used for job ${job.id} with a different request; use a new key for a new job.`,
          });
        }
        return job;
      }
      await dispatch(job, payer);
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
      for (const job of orphans) await dispatch(job);
      await webhooks?.resumePending();
      return orphans.length;
    },
    nextChange: (jobId, waitOptions) => feed.next(jobId, waitOptions),
    async close() {
      closed = true;
      feed.close();
      for (const state of running.values()) state.controller.abort();
      await queue?.close();
    },
  };
}
