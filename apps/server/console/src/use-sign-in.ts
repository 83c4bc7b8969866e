import type { RouterOutputs, SwitchyardClient } from '@switchyard/sdk';
import { useCallback, useEffect, useState } from 'react';
import { describeError, type ConsoleError } from './describe-error';
import { forgetKey, loadStoredKey, storeKey } from './stored-key';
import { createConsoleClient } from './switchyard-react';

/** Who the gateway takes the signed-in key for (`auth.whoami`). */
export type Identity = RouterOutputs['auth']['whoami'];

/** A signed-in key: its client and who it is. */
export interface Session {
  client: SwitchyardClient;
  identity: Identity;
}

/** Where signing in stands. */
export type SignInState =
  | { status: 'checking' }
  | { status: 'signed-out'; error?: ConsoleError }
  | { status: 'signed-in'; session: Session };

/**
 * Signs in with an API key, checked with `auth.whoami` before it is kept
 * (in session storage); a key kept by an earlier load of this tab is checked
 * again. An empty key signs in without one, which only a gateway with
 * `auth.required: false` accepts. Signing out forgets it.
 */
export function useSignIn(): {
  state: SignInState;
  signIn: (apiKey: string) => Promise<void>;
  signOut: () => void;
} {
  const [state, setState] = useState<SignInState>(() =>
    loadStoredKey() === undefined
      ? { status: 'signed-out' }
      : { status: 'checking' },
  );
  const signIn = useCallback(async (apiKey: string) => {
    setState({ status: 'checking' });
    const client = createConsoleClient(apiKey);
    try {
      const identity = await client.auth.whoami.query();
      storeKey(apiKey);
      setState({ status: 'signed-in', session: { client, identity } });
    } catch (error) {
      forgetKey();
      setState({ status: 'signed-out', error: describeError(error) });
    }
  }, []);
  const signOut = useCallback(() => {
    forgetKey();
    setState({ status: 'signed-out' });
  }, []);
  useEffect(() => {
    const kept = loadStoredKey();
    if (kept !== undefined) void signIn(kept);
  }, [signIn]);
  return { state, signIn, signOut };
}
