import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Session } from './session-schema';
import { signIn } from './sign-in';

/** Asks for a user name and signs in through the app's backend. */
export function SignInForm(props: { onSession: (session: Session) => void }) {
  const [subject, setSubject] = useState('');
  const signingIn = useMutation({
    mutationFn: signIn,
    onSuccess: props.onSession,
  });
  return (
    <form
      data-testid="sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        signingIn.mutate(subject);
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
      <button type="submit" disabled={signingIn.isPending}>
        Sign in
      </button>
      {signingIn.error !== null && (
        <p role="alert" data-testid="sign-in-error">
          {signingIn.error.message}
        </p>
      )}
    </form>
  );
}
