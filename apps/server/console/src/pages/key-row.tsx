import { useState } from 'react';
import { formatMicroCredits, formatTime } from '../format';
import { limitsText } from './limits-text';
import { LimitsForm } from './limits-form';
import type { ListedKey, useKeyAdmin } from './use-key-admin';

function TopUpForm(props: {
  item: ListedKey;
  admin: ReturnType<typeof useKeyAdmin>;
}) {
  const { item, admin } = props;
  const [amount, setAmount] = useState('');
  return (
    <form
      className="inline"
      aria-label={`Top up ${item.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        admin.topUp.mutate(
          { id: item.id, amount: Number(amount) },
          { onSuccess: () => setAmount('') },
        );
      }}
    >
      <label>
        Micro-credits to add to {item.name}
        <input
          inputMode="numeric"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
      </label>
      <button
        type="submit"
        disabled={admin.topUp.isPending || amount.trim() === ''}
      >
        Top up {item.name}
      </button>
    </form>
  );
}

function RevokeButton(props: {
  item: ListedKey;
  admin: ReturnType<typeof useKeyAdmin>;
}) {
  const { item, admin } = props;
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)}>
        Revoke {item.name}
      </button>
    );
  }
  return (
    <span role="group" aria-label={`Confirm revoking ${item.name}`}>
      <button
        type="button"
        className="danger"
        disabled={admin.revoke.isPending}
        onClick={() => admin.revoke.mutate({ id: item.id })}
      >
        Revoke {item.name} now
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep {item.name}
      </button>
    </span>
  );
}

/** One key: its record and credits, and what an admin can change about it. */
export function KeyRow(props: {
  item: ListedKey;
  admin: ReturnType<typeof useKeyAdmin>;
  /** The key the console is signed in with: it is not revoked from here. */
  own: boolean;
}) {
  const { item, admin } = props;
  const [editing, setEditing] = useState(false);
  const live = item.revokedAt === undefined;
  return (
    <tr data-key-id={item.id} data-revoked={!live}>
      <th scope="row">{item.name}</th>
      <td>
        <code>{item.prefix}…</code>
      </td>
      <td>{item.role}</td>
      <td>
        {limitsText(item.limits)}
        {live && (
          <button
            type="button"
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
          >
            Edit limits of {item.name}
          </button>
        )}
        {editing && (
          <LimitsForm
            keyName={item.name}
            limits={item.limits}
            pending={admin.setLimits.isPending}
            onSave={(limits) =>
              admin.setLimits.mutate(
                { id: item.id, limits },
                { onSuccess: () => setEditing(false) },
              )
            }
          />
        )}
      </td>
      <td data-column="balance" data-micro-credits={item.balance.balance}>
        {formatMicroCredits(item.balance.balance)}
      </td>
      <td>{formatMicroCredits(item.balance.available)}</td>
      <td>{formatTime(item.createdAt)}</td>
      <td>
        {live ? (
          <>
            <TopUpForm item={item} admin={admin} />
            {props.own ? (
              <span>(signed in with this key)</span>
            ) : (
              <RevokeButton item={item} admin={admin} />
            )}
          </>
        ) : (
          `revoked ${formatTime(item.revokedAt ?? 0)}`
        )}
      </td>
    </tr>
  );
}
