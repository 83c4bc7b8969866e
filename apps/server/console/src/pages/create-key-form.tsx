import { useState } from 'react';
import { ErrorLine } from '../error-line';
import type { useKeyAdmin } from './use-key-admin';

/** Creates a key (`admin.keys.create`) and shows it once. */
export function CreateKeyForm(props: {
  admin: ReturnType<typeof useKeyAdmin>;
}) {
  const { create } = props.admin;
  const [name, setName] = useState('');
  const [credits, setCredits] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  return (
    <section aria-label="New key" className="create-key">
      <h2>New key</h2>
      <form
        aria-label="Create a key"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            {
              name: name.trim(),
              credits: credits.trim() === '' ? undefined : Number(credits),
              role,
            },
            {
              onSuccess: () => {
                setName('');
                setCredits('');
              },
            },
          );
        }}
      >
        <label>
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Credits (micro-credits)
          <input
            inputMode="numeric"
            value={credits}
            onChange={(event) => setCredits(event.target.value)}
          />
        </label>
        <label>
          Role
          <select
            value={role}
            onChange={(event) =>
              setRole(event.target.value as 'user' | 'admin')
            }
          >
            <option value="user">user</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending || name.trim() === ''}>
          Create key
        </button>
      </form>
      {create.data !== undefined && (
        <p className="new-key">
          Key for {create.data.record.name}, shown this once:{' '}
          <output aria-label="New API key">{create.data.key}</output>
        </p>
      )}
      {create.error !== null && <ErrorLine error={create.error} />}
    </section>
  );
}
