import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { describeError } from './describe-error';
import { ErrorLine } from './error-line';
import { useSwitchyardClient } from './switchyard-react';

/**
 * The signed-in user's credits as the gateway reports them (`usage.balance`),
 * read again after each call the page makes: `callsSettled` is part of the
 * query key, so each reading is taken after the call it follows, and
 * `data-read-after` says after how many calls the shown figures were read.
 */
export function UsagePanel(props: { callsSettled: number }) {
  const client = useSwitchyardClient();
  const { callsSettled } = props;
  const reading = useQuery({
    queryKey: ['usage.balance', { callsSettled }],
    queryFn: async () => ({
      balance: await client.usage.balance.query(),
      callsSettled,
    }),
    placeholderData: keepPreviousData,
  });
  const shown = reading.data?.balance;
  return (
    <section
      data-testid="usage-panel"
      data-read-after={
        reading.isPlaceholderData ? '' : reading.data?.callsSettled
      }
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
      {reading.error !== null && (
        <ErrorLine testId="usage-error" error={describeError(reading.error)} />
      )}
    </section>
  );
}
