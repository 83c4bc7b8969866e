import type { ErrorCode } from '../errors/codes';
import type { Attempt } from '../schemas/generate';

/**
 * What the gateway keeps between calls: API keys and the credit ledger. One
 * interface, implemented on SQLite (the embedded default) and PostgreSQL by
 * `@switchyard/store-sql`; every implementation runs the same conformance
 * suite (`describeStoreConformance` in `@switchyard/testing/conformance`).
 * Money is integer micro-credits; time is epoch milliseconds.
 */

/** What a key may do, beyond its credits. Unset means no limit. */
export interface ApiKeyLimits {
  /** Calls per minute, hour and day. */
  perMinute?: number;
  perHour?: number;
  perDay?: number;
  /** Routes the key may call; others are FORBIDDEN. */
  routes?: string[];
  /** Provider instances the key may reach; other targets are skipped. */
  providers?: string[];
}

/** An API key as stored: never the key itself, only its hash and a display prefix. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  limits?: ApiKeyLimits;
  /** The first characters of the key, to recognise it in listings (`sy_live_ab12…`). */
  prefix: string;
  createdAt: number;
  revokedAt?: number;
}

/** A newly created key: the record and the key, which is shown this once. */
export interface CreatedApiKey {
  record: ApiKeyRecord;
  key: string;
}

/** A key's credits. `available` is what a new reservation may take. */
export interface CreditBalance {
  keyId: string;
  /** Granted minus captured. */
  balance: number;
  /** Held by reservations not yet captured or released. */
  reserved: number;
  available: number;
}

/** Credits held for one call: captured on success, released on failure or expiry. */
export interface Reservation {
  id: string;
  keyId: string;
  amount: number;
  status: 'reserved' | 'captured' | 'released';
  createdAt: number;
  expiresAt: number;
  /** What was charged, once captured. */
  capturedAmount?: number;
}

/** API keys: created, authenticated by hash, listed, revoked. */
export interface ApiKeyStore {
  /** Creates a key with `credits` granted; the key is returned once and stored hashed. */
  create(options: {
    name: string;
    credits?: number;
    limits?: ApiKeyLimits;
  }): Promise<CreatedApiKey>;
  /** The key's record when it exists and is not revoked; undefined otherwise. */
  authenticate(key: string): Promise<ApiKeyRecord | undefined>;
  /** A key's record by id, revoked or not; undefined when there is none. */
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes a key; false when there is no such key (or it was already revoked). */
  revoke(id: string): Promise<boolean>;
}

/**
 * The credit ledger: reserve before the first provider call, capture the
 * actual cost on success, release on failure. Every operation is atomic, and
 * capture and release are idempotent: a retried capture never charges twice.
 */
export interface CreditLedger {
  balance(keyId: string): Promise<CreditBalance>;
  /** Adds credits to a key. */
  grant(options: { keyId: string; amount: number }): Promise<CreditBalance>;
  /**
   * Holds `amount` for `ttlMs`; throws a `quota_exceeded` SwitchyardError
   * naming the available balance and the amount when there is not enough.
   */
  reserve(options: {
    keyId: string;
    amount: number;
    ttlMs: number;
  }): Promise<Reservation>;
  /**
   * Charges `amount` (the actual cost) for a reservation and frees its hold.
   * Capturing again returns the first capture unchanged; capturing a
   * reservation the sweeper already released still charges it, once. A
   * balance never goes below zero, nor into other reservations' holds: the
   * charge is clamped to this reservation's hold plus the key's available
   * credits, and `capturedAmount` says what was charged.
   */
  capture(options: {
    reservationId: string;
    amount: number;
  }): Promise<Reservation>;
  /** Frees a reservation's hold without charging; a no-op once captured or released. */
  release(reservationId: string): Promise<Reservation>;
  /** Releases every reservation past its expiry; returns how many. */
  releaseExpired(): Promise<number>;
}

/** One `generate` call as recorded: who asked, what for, how it went. */
export interface GenerationRecord {
  id: string;
  /** The caller's key id; `''` for a call without a key (auth off). */
  keyId: string;
  idempotencyKey?: string;
  /** SHA-256 of the canonical request: the same key with another request is refused. */
  requestHash: string;
  route: string;
  status: 'in_flight' | 'succeeded' | 'failed';
  provider?: string;
  model?: string;
  costMicroCredits: number;
  /**
   * What the call cost beyond what it could be charged (more than its credit
   * hold, or than the key's balance), in micro-credits; 0 when it was charged
   * in full.
   */
  unchargedMicroCredits: number;
  /** The published result (JSON) of a successful call, for idempotent replays. */
  result?: unknown;
  /** The error code of a failed call. */
  errorCode?: ErrorCode;
  /** Every attempt of an ended call, in order. */
  attempts?: Attempt[];
  createdAt: number;
  finishedAt?: number;
  /** The process that runs (or last ran) the call, when it claimed an idempotency key. */
  owner?: string;
  /**
   * When that claim lapses: a call still `in_flight` past it was left by a
   * stopped process, and a retry with the same key may take it over.
   */
  expiresAt?: number;
}

/** How a recorded call ended. */
export type GenerationOutcome = (
  | {
      status: 'succeeded';
      provider: string;
      model: string;
      costMicroCredits: number;
      /** What the call cost beyond what it was charged; default 0. */
      unchargedMicroCredits?: number;
      result: unknown;
    }
  | { status: 'failed'; errorCode: ErrorCode }
) & {
  /** Every attempt the call made (skipped targets included). */
  attempts?: Attempt[];
};

/** Every call, recorded; the idempotency keys live here. */
export interface GenerationStore {
  /**
   * Records a call that is starting, claimed by `owner` for `ttlMs` (the
   * route's deadline and a margin). With an idempotency key already used by
   * this key id, nothing is written and the existing record is returned.
   */
  begin(record: {
    id: string;
    keyId: string;
    idempotencyKey?: string;
    requestHash: string;
    route: string;
    /** The process running the call (a per-process id). */
    owner: string;
    /** How long the claim lasts from now, by the store's clock. */
    ttlMs: number;
  }): Promise<
    { created: true } | { created: false; existing: GenerationRecord }
  >;
  /**
   * Takes over a call still `in_flight` whose claim has lapsed (its process
   * stopped): in one conditional write, `owner` claims it for `ttlMs` more.
   * Of concurrent callers exactly one gets the renewed record; the others,
   * and any caller while the claim holds, get undefined.
   */
  takeOver(options: {
    id: string;
    owner: string;
    ttlMs: number;
  }): Promise<GenerationRecord | undefined>;
  /**
   * Records how a call ended. A failed call frees its idempotency key, so a
   * retry with the same key runs again (nothing was charged).
   */
  finish(id: string, outcome: GenerationOutcome): Promise<void>;
  /**
   * Records, in one write, a call without an idempotency key once it has
   * ended (it has no key to claim first, so no `begin`). `createdAt` is when
   * the call started.
   */
  record(
    record: {
      id: string;
      keyId: string;
      requestHash: string;
      route: string;
      createdAt: number;
    } & GenerationOutcome,
  ): Promise<void>;
  get(id: string): Promise<GenerationRecord | undefined>;
  /** The key's calls, newest first, `limit` at a time; `before` is the last `createdAt`/`id` seen. */
  list(options: {
    keyId: string;
    limit: number;
    before?: { createdAt: number; id: string };
  }): Promise<GenerationRecord[]>;
}

/** The gateway's store. */
export interface SwitchyardStore {
  readonly apiKeys: ApiKeyStore;
  readonly ledger: CreditLedger;
  readonly generations: GenerationStore;
  readonly jobs: JobStore;
  close(): Promise<void>;
}

/** Where an async job stands. */
export type JobStatus =
  'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** An async job as stored: durable across restarts, leased to one process at a time. */
export interface JobRecord {
  id: string;
  keyId: string;
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
    input: unknown;
    /** Where to POST the job's final event. */
    webhookUrl?: string;
    idempotencyKey?: string;
    requestHash?: string;
  }): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The key's jobs, newest first, `limit` at a time; `before` is the last `createdAt`/`id` seen. */
  list(options: {
    keyId: string;
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
}

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
