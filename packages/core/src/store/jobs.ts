import type { ErrorCode } from '../errors/codes';

/** Durable async jobs: the store's job table, leases and webhook deliveries. */

/** Every status an async job can have, in the order a job may pass through them. */
export const JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;

/** Where an async job stands. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** An async job as stored: durable across restarts, leased to one process at a time. */
export interface JobRecord {
  id: string;
  keyId: string;
  /** The end user of a job submitted with a minted token (its subject). */
  subject?: string;
  /** The minted token it was submitted with: its credit cap and providers bind the job. */
  tokenId?: string;
  /** The `generate` input the job runs. */
  input: unknown;
  status: JobStatus;
  /** `instance:model` of the provider task in flight, with that task's id. */
  target?: string;
  providerTaskId?: string;
  /**
   * Provider tasks the job moved on from (past their attempt's deadline)
   * that may still finish: a resumed job watches them, to adopt one that
   * finishes first.
   */
  abandonedTasks?: AbandonedTask[];
  /** The attempt running now: 1 for the first, counting every retry and fallback. */
  attempt?: number;
  /** 0..1, when the provider reports it. */
  progress?: number;
  /** Its place in the provider's queue while queued there, when the provider says. */
  queuePosition?: number;
  /** The provider's last log lines (at most {@link JOB_LOG_LINES}). */
  logs?: string[];
  /** The published result of a succeeded job. */
  result?: unknown;
  errorCode?: ErrorCode;
  errorMessage?: string;
  /** Someone asked for the job to stop; its owner cancels it. */
  cancelRequested: boolean;
  /** Where the job's final event is POSTed, and how that stands. */
  webhookUrl?: string;
  webhookState?: 'pending' | 'delivered' | 'failed';
  /** The submitter's idempotency key: a repeat submit with it returns this job. */
  idempotencyKey?: string;
  /** Hash of the submitted request, to refuse the key's reuse for another one. */
  requestHash?: string;
  /** The process running it, and until when its lease holds. */
  leaseOwner?: string;
  leaseExpiresAt?: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
}

/** How many of the provider's log lines a job keeps. */
export const JOB_LOG_LINES = 20;

/** A provider task a job left behind: `instance:model` and the task's id. */
export interface AbandonedTask {
  target: string;
  taskId: string;
}

/** What a job's owner may change. A final `status` ends the lease. */
export interface JobChanges {
  status?: JobStatus;
  target?: string | null;
  providerTaskId?: string | null;
  /** Replaces the job's list of abandoned tasks. */
  abandonedTasks?: AbandonedTask[];
  attempt?: number;
  progress?: number | null;
  queuePosition?: number | null;
  logs?: string[];
  result?: unknown;
  errorCode?: ErrorCode;
  errorMessage?: string;
}

/** Async jobs. Only the lease holder changes a job, so two replicas never run one job twice at once. */
export interface JobStore {
  /**
   * Stores a queued job. With an `idempotencyKey` the key already used for
   * one of its jobs, stores nothing and returns that earlier job (compare
   * ids to tell); concurrent submits with one key store exactly one job.
   */
  create(job: {
    id: string;
    keyId: string;
    subject?: string;
    tokenId?: string;
    input: unknown;
    /** Where to POST the job's final event. */
    webhookUrl?: string;
    idempotencyKey?: string;
    requestHash?: string;
  }): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The key's jobs (only `subject`'s, when given), newest first, `limit` at a time; `before` is the last `createdAt`/`id` seen. */
  list(options: {
    keyId: string;
    subject?: string;
    limit: number;
    before?: { createdAt: number; id: string };
  }): Promise<JobRecord[]>;
  /**
   * Leases an unfinished job to `owner` for `leaseMs` when no one else holds
   * a live lease on it; undefined when someone does or it has ended.
   */
  claim(options: {
    id: string;
    owner: string;
    leaseMs: number;
  }): Promise<JobRecord | undefined>;
  /** Unfinished jobs no live lease holds (new, or their owner died), oldest first. */
  listClaimable(limit: number): Promise<JobRecord[]>;
  /** Extends `owner`'s lease; false when it no longer holds it. */
  renew(options: {
    id: string;
    owner: string;
    leaseMs: number;
  }): Promise<boolean>;
  /** Applies `changes` if `owner` holds the lease; false otherwise. */
  update(options: {
    id: string;
    owner: string;
    changes: JobChanges;
  }): Promise<boolean>;
  /**
   * Asks a job to stop: flags it for its owner; a queued job no live lease
   * holds is cancelled at once. Returns the job as it now is.
   */
  requestCancel(id: string): Promise<JobRecord | undefined>;
  /**
   * Records one webhook delivery attempt; `state` is the job's webhook state
   * after it (`pending` while retries remain).
   */
  recordDelivery(delivery: {
    jobId: string;
    attempt: number;
    statusCode?: number;
    error?: string;
    state: 'pending' | 'delivered' | 'failed';
  }): Promise<void>;
  /** A job's delivery attempts, in order. */
  listDeliveries(jobId: string): Promise<WebhookDelivery[]>;
  /** Ended jobs whose webhook is still pending and no live delivery lease holds (a restart cut their retries short). */
  listPendingWebhooks(limit: number): Promise<JobRecord[]>;
  /**
   * Leases an ended job's pending webhook to `owner` for `leaseMs` (on the
   * job's lease, free once it ended), so one process delivers it at a time;
   * false when another holds a live lease or nothing is pending.
   */
  claimWebhook(options: {
    id: string;
    owner: string;
    leaseMs: number;
  }): Promise<boolean>;
  /**
   * How many jobs stand at each status, across every key (a status without
   * jobs counts 0). Meant for gauges: one grouped query, no rows read.
   */
  countByStatus(): Promise<JobCounts>;
}

/** Jobs per status, as {@link JobStore.countByStatus} counts them. */
export type JobCounts = Record<JobStatus, number>;

/** One attempt at delivering a job's webhook. */
export interface WebhookDelivery {
  jobId: string;
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why the attempt failed without an answer (refused, timed out, …). */
  error?: string;
  createdAt: number;
}
