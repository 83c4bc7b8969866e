import { sessionSchema, type Session } from './session-schema';

const STORAGE_KEY = 'switchyard-example-session';

/**
 * The session saved by a sign-in in any tab of this origin, while its token
 * has not expired: every tab of a signed-in user shares one token (and so
 * one credit cap). Undefined when there is none, or it is unreadable.
 */
export function loadStoredSession(now = Date.now()): Session | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  const parsed = sessionSchema.safeParse(saved);
  if (!parsed.success) return undefined;
  const { expiresAt } = parsed.data;
  return expiresAt === undefined || expiresAt > now ? parsed.data : undefined;
}

/** Saves the session for the other tabs (and reloads) of this origin. */
export function storeSession(session: Session): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

/** Forgets the saved session (signing out). */
export function forgetSession(): void {
  localStorage.removeItem(STORAGE_KEY);
}
