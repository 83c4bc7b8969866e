import type { RouterOutputs, SwitchyardClient } from '@switchyard/sdk';
import { useEffect } from 'react';
import { ErrorLine } from './error-line';
import { useAction } from './use-action';

type Balance = RouterOutputs['usage']['balance'];

/** A balance, and the `version` it was read for. */
interface Reading {
  balance: Balance;
  version: number;
}

/**
 * The signed-in user's credits as the gateway reports them (`usage.balance`),
 * read again whenever `version` changes (after each call the page makes);
 * `data-read-version` says which version the shown figures were read for.
 */
export function UsagePanel(props: {
  client: SwitchyardClient;
  version: number;
}) {
  const { client, version } = props;
  const { state, run } = useAction<Reading>();
  useEffect(() => {
    void run(async () => ({
      balance: await client.usage.balance.query(),
      version,
    }));
  }, [client, version, run]);
  const shown = state.status === 'done' ? state.value.balance : undefined;
  return (
    <section
      data-testid="usage-panel"
      data-status={state.status}
      data-read-version={state.status === 'done' ? state.value.version : ''}
    >
      <h2>Usage</h2>
      {shown !== undefined && (
        <dl>
          <dt>Balance</dt>
          <dd data-testid="usage-balance">{shown.balance}</dd>
          <dt>Held</dt>
          <dd>{shown.reserved}</dd>
          <dt>Available</dt>
          <dd data-testid="usage-available">{shown.available}</dd>
          {shown.token !== undefined && (
            <>
              <dt>Spent by this sign-in</dt>
              <dd data-testid="usage-spent">{shown.token.spent}</dd>
              <dt>Cap</dt>
              <dd>{shown.token.maxCredits ?? 'none'}</dd>
            </>
          )}
        </dl>
      )}
      {state.status === 'error' && (
        <ErrorLine testId="usage-error" error={state.error} />
      )}
    </section>
  );
}
