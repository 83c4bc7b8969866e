/**
 * Short-lived tokens an API key mints for its end users (browsers): what the
 * store keeps of them. The token itself is signed and verified in memory; the
 * store holds each token's credit budget, single-use marks, revocations and
 * the signing secret every replica shares.
 */

/** A minted token as stored: its subject and credit budget. */
export interface TokenRecord {
  /** The token's id (`jti`). */
  id: string;
  /** The API key that minted it and pays for its calls. */
  keyId: string;
  /** The end user it was minted for. */
  subject: string;
  /** The session it belongs to, when minted with one. */
  session?: string;
  /** The most its calls may be charged in all; undefined for no cap. */
  maxCredits?: number;
  /** The provider instances its calls may reach; undefined for any the key may. */
  providers?: string[];
  /** Charged so far. */
  spent: number;
  /** Held by its calls in flight. */
  reserved: number;
  createdAt: number;
  expiresAt: number;
}

/** A revocation: every token of `keyId` for `subject` (and `session`, when set) minted at or before `revokedAt` is refused. */
export interface TokenRevocation {
  keyId: string;
  subject: string;
  /** Only that session's tokens; undefined for every token of the subject. */
  session?: string;
  revokedAt: number;
}

/** Minted tokens, their budgets and revocations. */
export interface TokenStore {
  /** Stores a newly minted token (its budget starts at zero spent). */
  create(token: {
    id: string;
    keyId: string;
    subject: string;
    session?: string;
    maxCredits?: number;
    providers?: string[];
    expiresAt: number;
  }): Promise<TokenRecord>;
  /** A token's record; undefined when there is none. */
  get(id: string): Promise<TokenRecord | undefined>;
  /**
   * Marks a single-use token used, once: true for the first caller (of any
   * number of concurrent ones), false after.
   */
  use(id: string): Promise<boolean>;
  /**
   * Revokes a subject's tokens (one session's, when given) minted until
   * `revokedAt` (default: now by the store's clock; the gateway passes the
   * clock it mints by).
   */
  revoke(revocation: {
    keyId: string;
    subject: string;
    session?: string;
    revokedAt?: number;
  }): Promise<TokenRevocation>;
  /** Revocations made at or after `since` (epoch ms), oldest first. */
  listRevocations(since: number): Promise<TokenRevocation[]>;
  /**
   * The secret tokens are signed with: created once (random, 32 bytes) and
   * shared by every process on the store, so a token minted by one replica is
   * accepted by another and after a restart.
   */
  signingSecret(): Promise<Uint8Array>;
}
