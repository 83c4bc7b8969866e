import { useState } from 'react';
import type { Session } from './session-schema';
import { signIn } from './sign-in';
import { useAction } from './use-action';

/** Asks for a user name and signs in through the app's backend. */
export function SignInForm(props: { onSession: (session: Session) => void }) {
  const [subject, setSubject] = useState('');
  const { state, run } = useAction<Session>();
  return (
    <form
      data-testid="sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          const session = await signIn(subject);
          props.onSession(session);
          return session;
        });
      }}
    >
      <label>
        User name{' '}
        <input
          name="subject"
          value={subject}
          onChange={(event) => setSubject(event.target.value)}
        />
      </label>
      <button type="submit" disabled={state.status === 'running'}>
        Sign in
      </button>
      {state.status === 'error' && (
        <p role="alert" data-testid="sign-in-error">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
