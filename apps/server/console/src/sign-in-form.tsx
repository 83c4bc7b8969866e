import { useState } from 'react';
import type { ConsoleError } from './describe-error';
import { ErrorLine } from './error-line';

/** Asks for an API key; the key is checked by the gateway before it is kept. */
export function SignInForm(props: {
  checking: boolean;
  error?: ConsoleError;
  onSignIn: (apiKey: string) => void;
}) {
  const [apiKey, setApiKey] = useState('');
  return (
    <main className="sign-in">
      <h1>Switchyard console</h1>
      <form
        aria-label="Sign in"
        onSubmit={(event) => {
          event.preventDefault();
          if (apiKey.trim() !== '') props.onSignIn(apiKey.trim());
        }}
      >
        <label>
          API key
          <input
            type="password"
            name="apiKey"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
        </label>
        <button type="submit" disabled={props.checking}>
          Sign in
        </button>
        <button
          type="button"
          disabled={props.checking}
          onClick={() => props.onSignIn('')}
        >
          Continue without a key
        </button>
      </form>
      {props.checking && <p role="status">Checking the key…</p>}
      {props.error !== undefined && <ErrorLine error={props.error} />}
      <p className="hint">
        The key stays in this tab only (session storage) and is sent to this
        gateway as <code>Authorization: Bearer …</code>. Keys come from{' '}
        <code>switchyard keys create</code> or an admin&apos;s Keys page; a
        gateway with <code>auth.required: false</code> (local development) also
        takes calls without one.
      </p>
    </main>
  );
}
