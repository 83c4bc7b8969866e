import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Shell } from './shell';
import { SignInForm } from './sign-in-form';
import { SwitchyardProvider } from './switchyard-react';
import { useSignIn } from './use-sign-in';

/**
 * The console: sign in with an API key, then the pages, every call made
 * through the SDK with that key. A failed query is shown, not retried.
 */
export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: false, refetchOnWindowFocus: false },
        },
      }),
  );
  const { state, signIn, signOut } = useSignIn();
  if (state.status !== 'signed-in') {
    return (
      <SignInForm
        checking={state.status === 'checking'}
        error={state.status === 'signed-out' ? state.error : undefined}
        onSignIn={(apiKey) => void signIn(apiKey)}
      />
    );
  }
  const { session } = state;
  return (
    <QueryClientProvider client={queryClient}>
      <SwitchyardProvider trpcClient={session.client} queryClient={queryClient}>
        <Shell
          identity={session.identity}
          onSignOut={() => {
            queryClient.clear();
            signOut();
          }}
        />
      </SwitchyardProvider>
    </QueryClientProvider>
  );
}
