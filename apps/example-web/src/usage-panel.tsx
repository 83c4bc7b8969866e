import type { RouterOutputs, SwitchyardClient } from '@switchyard/sdk';
import { useEffect } from 'react';
import { ErrorLine } from './error-line';
import { useAction } from './use-action';

type Balance = RouterOutputs['usage']['balance'];

/**
 * The signed-in user's credits as the gateway reports them (`usage.balance`),
 * read again whenever `version` changes (after each call the page makes).
 */
export function UsagePanel(props: {
  client: SwitchyardClient;
  version: number;
}) {
  const { client, version } = props;
  const { state, settled, run } = useAction<Balance>();
  useEffect(() => {
    void run(() => client.usage.balance.query());
  }, [client, version, run]);
  return (
    <section
      data-testid="usage-panel"
      data-status={state.status}
      data-version={version}
      data-settled={settled}
    >
      <h2>Usage</h2>
      {state.status === 'done' && (
        <dl>
          <dt>Balance</dt>
          <dd data-testid="usage-balance">{state.value.balance}</dd>
          <dt>Held</dt>
          <dd>{state.value.reserved}</dd>
          <dt>Available</dt>
          <dd data-testid="usage-available">{state.value.available}</dd>
        </dl>
      )}
      {state.status === 'error' && (
        <ErrorLine testId="usage-error" error={state.error} />
      )}
    </section>
  );
}
