import type { ErrorCode } from '../errors/codes';
import type { ApiKeyLimits, ApiKeyRecord, ApiKeyRole } from './api-key-schema';
import type { Attempt } from '../schemas/generate';
import type { ArtifactStore } from './artifacts';
import type { JobStore } from './jobs';
import type { TokenStore } from './tokens';
import type { TrainedModelStore } from './trained-models';

/**
 * What the gateway keeps between calls: API keys and the credit ledger. One
 * interface, implemented on SQLite (the embedded default) and PostgreSQL by
 * `@switchyard/store-sql`; every implementation runs the same conformance
 * suite (`describeStoreConformance` in `@switchyard/testing/conformance`).
 * Money is integer micro-credits; time is epoch milliseconds.
 */

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
  /** The minted token whose budget the hold also counts against. */
  tokenId?: string;
}

/** API keys: created, authenticated by hash, listed, limited, revoked. */
export interface ApiKeyStore {
  /**
   * Creates a key with `credits` granted and `role` (default `user`); the key
   * is returned once and stored hashed.
   */
  create(options: {
    name: string;
    credits?: number;
    limits?: ApiKeyLimits;
    role?: ApiKeyRole;
  }): Promise<CreatedApiKey>;
  /** The key's record when it exists and is not revoked; undefined otherwise. */
  authenticate(key: string): Promise<ApiKeyRecord | undefined>;
  /** A key's record by id, revoked or not; undefined when there is none. */
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes a key; false when there is no such key (or it was already revoked). */
  revoke(id: string): Promise<boolean>;
  /**
   * Replaces a key's limits (`undefined` clears them: no limit); the updated
   * record, or undefined when there is no such key.
   */
  setLimits(
    id: string,
    limits: ApiKeyLimits | undefined,
  ): Promise<ApiKeyRecord | undefined>;
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
    /**
     * The minted token (its id) the call is made with: the hold must also fit
     * the token's `maxCredits` with its other calls' holds and charges, or it
     * throws `quota_exceeded` naming the token's cap.
     */
    tokenId?: string;
    /**
     * What the hold is for, when that outlives the process: a durable job's
     * id. The run that resumes the job frees the holds a dead run left
     * ({@link CreditLedger.releaseHeldBy}) instead of waiting for them to expire.
     */
    holder?: string;
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
  /**
   * Releases every hold still reserved for `holder` (a job a dead process
   * was running); returns how many. Only the job's new lease holder calls it,
   * before its own holds exist.
   */
  releaseHeldBy(holder: string): Promise<number>;
  /**
   * Charges calls against holds in one atomic step, leaving each hold
   * `reserved` (slices leased by {@link createLeasedLedger}). Each charge is
   * taken from its hold up to what its call `held`, beyond that only from
   * the key's available credits; the hold shrinks by what it paid. One
   * `capture` entry per charge names the call's own hold `id`. Returns what
   * each charge took, in the order given. Rows are locked in key order, so
   * concurrent groups never deadlock. Optional: a ledger without it is used
   * unleased.
   */
  chargeHolds?(holds: HeldCharges[]): Promise<number[][]>;
  /**
   * Moves a still-reserved hold's expiry and, with `amount`, grows the hold
   * by that much out of the key's available credits, in one atomic step:
   * `'extended'` when done, `'short'` when the key's available credits are
   * less than `amount` (nothing changes), `'gone'` once the hold is
   * captured or released. A leased slice grows this way instead of being
   * replaced by a new one when it runs out.
   */
  extendHold?(options: {
    reservationId: string;
    expiresAt: number;
    amount?: number;
  }): Promise<HoldExtension>;
}

/** What {@link CreditLedger.extendHold} did. */
export type HoldExtension = 'extended' | 'short' | 'gone';

/** The charges against one hold ({@link CreditLedger.chargeHolds}). */
export interface HeldCharges {
  reservationId: string;
  /** The hold's key (the order rows are locked in). */
  keyId: string;
  charges: HoldCharge[];
}

/** One call's charge against a leased hold ({@link CreditLedger.chargeHolds}). */
export interface HoldCharge {
  /** The call's own hold id (named by its ledger entry). */
  id: string;
  /** What the call held of the hold. */
  held: number;
  /** What the call cost. */
  amount: number;
}

/** One `generate` call as recorded: who asked, what for, how it went. */
export interface GenerationRecord {
  id: string;
  /** The caller's key id; `''` for a call without a key (auth off). */
  keyId: string;
  /** The end user of a call made with a minted token (its subject). */
  subject?: string;
  /** Unique per key and subject. */
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
    subject?: string;
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
      subject?: string;
      requestHash: string;
      route: string;
      createdAt: number;
    } & GenerationOutcome,
  ): Promise<void>;
  get(id: string): Promise<GenerationRecord | undefined>;
  /**
   * The key's calls (only `subject`'s, when given), newest first, `limit` at
   * a time; `before` is the last `createdAt`/`id` seen.
   */
  list(options: {
    keyId: string;
    subject?: string;
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
  readonly tokens: TokenStore;
  readonly trainedModels: TrainedModelStore;
  /** Outputs kept in the operator's storage (issue 15). */
  readonly artifacts: ArtifactStore;
  close(): Promise<void>;
}
