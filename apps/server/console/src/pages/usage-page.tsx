import { useQuery } from '@tanstack/react-query';
import { ErrorLine } from '../error-line';
import { formatMicroCredits, formatTime } from '../format';
import { useSwitchyard } from '../switchyard-react';
import { UsageChart } from './usage-chart';

/** How many recent calls the history shows. */
const HISTORY_SIZE = 50;

function Balance() {
  const trpc = useSwitchyard();
  const balance = useQuery(trpc.usage.balance.queryOptions());
  if (balance.error !== null) return <ErrorLine error={balance.error} />;
  if (balance.data === undefined) return <p role="status">Loading credits…</p>;
  const { data } = balance;
  return (
    <dl className="balance" aria-label="Credits">
      <dt>Balance</dt>
      <dd data-testid="balance" data-micro-credits={data.balance}>
        {formatMicroCredits(data.balance)}
      </dd>
      <dt>Held by calls in flight</dt>
      <dd>{formatMicroCredits(data.reserved)}</dd>
      <dt>Available</dt>
      <dd data-testid="available" data-micro-credits={data.available}>
        {formatMicroCredits(data.available)}
      </dd>
    </dl>
  );
}

/** The key's credits (`usage.balance`) and its recent calls (`usage.history`), charted. */
export function UsagePage() {
  const trpc = useSwitchyard();
  const history = useQuery(
    trpc.usage.history.queryOptions({ limit: HISTORY_SIZE }),
  );
  return (
    <>
      <Balance />
      <h2>Recent calls</h2>
      {history.error !== null && <ErrorLine error={history.error} />}
      {history.data !== undefined && (
        <>
          <UsageChart calls={history.data.items} />
          <table aria-label="Usage history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Route</th>
                <th scope="col">Served by</th>
                <th scope="col">Status</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((call) => (
                <tr key={call.id}>
                  <td>{formatTime(call.createdAt)}</td>
                  <td>{call.route}</td>
                  <td>
                    {call.provider === undefined
                      ? '–'
                      : `${call.provider}:${call.model ?? ''}`}
                  </td>
                  <td>{call.errorCode ?? call.status}</td>
                  <td>{formatMicroCredits(call.costMicroCredits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
