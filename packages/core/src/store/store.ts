/**
 * What the gateway keeps between calls: API keys and the credit ledger. One
 * interface, implemented on SQLite (the embedded default) and PostgreSQL by
 * `@switchyard/store-sql`; every implementation runs the same conformance
 * suite (`describeStoreConformance` in `@switchyard/testing/conformance`).
 * Money is integer micro-credits; time is epoch milliseconds.
 */

/** An API key as stored: never the key itself, only its hash and a display prefix. */
export interface ApiKeyRecord {
  id: string;
  name: string;
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
  create(options: { name: string; credits?: number }): Promise<CreatedApiKey>;
  /** The key's record when it exists and is not revoked; undefined otherwise. */
  authenticate(key: string): Promise<ApiKeyRecord | undefined>;
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
   * reservation the sweeper already released still charges it, once.
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

/** The gateway's store. */
export interface SwitchyardStore {
  readonly apiKeys: ApiKeyStore;
  readonly ledger: CreditLedger;
  close(): Promise<void>;
}
