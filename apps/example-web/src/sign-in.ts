import {
  sessionErrorSchema,
  sessionSchema,
  type Session,
} from './session-schema';

/**
 * Signs in as `subject` through the app's own backend (`POST /api/session`,
 * same origin), which mints a short-lived gateway token for that subject.
 * Throws an Error with the backend's message when it refuses.
 */
export async function signIn(subject: string): Promise<Session> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject }),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    const refused = sessionErrorSchema.safeParse(body);
    throw new Error(
      refused.success
        ? refused.data.error.message
        : `Sign-in failed (${response.status}).`,
    );
  }
  return sessionSchema.parse(body);
}
