import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
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
import { SwitchyardProvider } from './switchyard-react';
import { TextPanel } from './text-panel';
import { UsagePanel } from './usage-panel';

/** The signed-in page: every panel calls the gateway with the session's token. */
function Gateway(props: {
  session: Session;
  queryClient: QueryClient;
  onSignOut: () => void;
}) {
  const { session, queryClient, onSignOut } = props;
  const client = useMemo(() => createGatewayClient(session), [session]);
  const [callsSettled, setCallsSettled] = useState(0);
  const onSpent = useCallback(() => setCallsSettled((count) => count + 1), []);
  return (
    <SwitchyardProvider trpcClient={client} queryClient={queryClient}>
      <main data-testid="signed-in" data-subject={session.subject}>
        <header>
          Signed in as <strong>{session.subject}</strong> · gateway{' '}
          <code>{session.gatewayUrl}</code>
          {session.expiresAt !== undefined && (
            <>
              {' '}
              · token until {new Date(session.expiresAt).toLocaleTimeString()}
            </>
          )}{' '}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        <UsagePanel callsSettled={callsSettled} />
        <ImagePanel onSpent={onSpent} />
        <TextPanel onSpent={onSpent} />
        <JobPanel onSpent={onSpent} />
      </main>
    </SwitchyardProvider>
  );
}

/**
 * The example app: sign in (or reuse the session another tab signed in
 * with), then call the gateway from the browser. A failed query is shown,
 * not retried.
 */
export function App() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  );
  const [session, setSession] = useState(loadStoredSession);
  const signedIn = useCallback((next: Session) => {
    storeSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    forgetSession();
    queryClient.clear();
    setSession(undefined);
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      {session === undefined ? (
        <SignInForm onSession={signedIn} />
      ) : (
        <Gateway
          session={session}
          queryClient={queryClient}
          onSignOut={signOut}
        />
      )}
    </QueryClientProvider>
  );
}
