import type { TokenRevocation, TokenStore } from '@switchyard/core';
import { MAX_TOKEN_TTL_SECONDS, type TokenGrant } from './token-grant';

const MAX_TTL_MS = MAX_TOKEN_TTL_SECONDS * 1000;
/** How far back each refresh reads: covers clocks of replicas that differ by up to this. */
const REFRESH_OVERLAP_MS = 60_000;

/**
 * Revoked subjects (and sessions), held in memory so a call checks a token
 * without a store round trip. A revocation made here applies at once; one
 * made by another replica applies from this list's next refresh (every
 * `refreshMs`).
 */
export interface RevocationList {
  /** Whether a revocation covers the token (its subject, or its session, revoked after it was minted). */
  isRevoked(grant: TokenGrant): boolean;
  /** Revokes in the store and here. */
  revoke(revocation: {
    keyId: string;
    subject: string;
    session?: string;
  }): Promise<TokenRevocation>;
  /** Reads revocations other processes made since the last refresh. */
  refresh(): Promise<void>;
  /** Stops the refresh timer. */
  close(): void;
}

/** A {@link RevocationList} on `store`, refreshed every `refreshMs` (0: only on `refresh()`). */
export function createRevocationList(options: {
  store: TokenStore;
  now: () => number;
  refreshMs: number;
  onRefreshError?: (error: unknown) => void;
}): RevocationList {
  const { store, now } = options;
  // `${keyId}\n${subject}` → the latest revocation of every token, and of each session.
  const revoked = new Map<
    string,
    { all?: number; sessions: Map<string, number> }
  >();
  let loadedOnce = false;
  const add = (revocation: TokenRevocation) => {
    const id = `${revocation.keyId}\n${revocation.subject}`;
    const entry = revoked.get(id) ?? { sessions: new Map<string, number>() };
    if (revocation.session === undefined) {
      entry.all = Math.max(entry.all ?? 0, revocation.revokedAt);
    } else {
      const before = entry.sessions.get(revocation.session) ?? 0;
      entry.sessions.set(
        revocation.session,
        Math.max(before, revocation.revokedAt),
      );
    }
    revoked.set(id, entry);
  };
  const refresh = async () => {
    const since = now() - (loadedOnce ? REFRESH_OVERLAP_MS : MAX_TTL_MS);
    for (const revocation of await store.listRevocations(since))
      add(revocation);
    loadedOnce = true;
    prune(revoked, now() - MAX_TTL_MS - REFRESH_OVERLAP_MS);
  };
  // A store that stays down is reported once, not every refresh.
  let failing = false;
  const timer =
    options.refreshMs > 0
      ? setInterval(() => {
          refresh().then(
            () => {
              failing = false;
            },
            (error: unknown) => {
              if (!failing) options.onRefreshError?.(error);
              failing = true;
            },
          );
        }, options.refreshMs)
      : undefined;
  timer?.unref();
  return {
    isRevoked(grant) {
      const entry = revoked.get(`${grant.keyId}\n${grant.subject}`);
      if (entry === undefined) return false;
      if (entry.all !== undefined && grant.mintedAt <= entry.all) return true;
      const session =
        grant.session === undefined
          ? undefined
          : entry.sessions.get(grant.session);
      return session !== undefined && grant.mintedAt <= session;
    },
    async revoke(revocation) {
      const stored = await store.revoke({ ...revocation, revokedAt: now() });
      add(stored);
      return stored;
    },
    refresh,
    close: () => clearInterval(timer),
  };
}

/** Drops revocations older than any token still alive. */
function prune(
  revoked: Map<string, { all?: number; sessions: Map<string, number> }>,
  before: number,
): void {
  for (const [id, entry] of revoked) {
    if (entry.all !== undefined && entry.all < before) delete entry.all;
    for (const [session, at] of entry.sessions) {
      if (at < before) entry.sessions.delete(session);
    }
    if (entry.all === undefined && entry.sessions.size === 0)
      revoked.delete(id);
  }
}
