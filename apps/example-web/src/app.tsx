import { useCallback, useMemo, useState } from 'react';
import { createGatewayClient } from './gateway-client';
import { ImagePanel } from './image-panel';
import { JobPanel } from './job-panel';
import type { Session } from './session-schema';
import { SignInForm } from './sign-in-form';
import {
  forgetSession,
  loadStoredSession,
  storeSession,
} from './stored-session';
import { TextPanel } from './text-panel';
import { UsagePanel } from './usage-panel';

/** The signed-in page: every panel calls the gateway with the session's token. */
function Gateway(props: { session: Session; onSignOut: () => void }) {
  const { session, onSignOut } = props;
  const client = useMemo(() => createGatewayClient(session), [session]);
  const [usageVersion, setUsageVersion] = useState(0);
  const onSpent = useCallback(() => setUsageVersion((now) => now + 1), []);
  return (
    <main data-testid="signed-in" data-subject={session.subject}>
      <header>
        Signed in as <strong>{session.subject}</strong> · gateway{' '}
        <code>{session.gatewayUrl}</code>
        {session.expiresAt !== undefined && (
          <> · token until {new Date(session.expiresAt).toLocaleTimeString()}</>
        )}{' '}
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <UsagePanel client={client} version={usageVersion} />
      <ImagePanel client={client} onSpent={onSpent} />
      <TextPanel client={client} onSpent={onSpent} />
      <JobPanel client={client} onSpent={onSpent} />
    </main>
  );
}

/**
 * The example app: sign in (or reuse the session another tab signed in
 * with), then call the gateway from the browser.
 */
export function App() {
  const [session, setSession] = useState(loadStoredSession);
  const signedIn = useCallback((next: Session) => {
    storeSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    forgetSession();
    setSession(undefined);
  }, []);
  return session === undefined ? (
    <SignInForm onSession={signedIn} />
  ) : (
    <Gateway session={session} onSignOut={signOut} />
  );
}
