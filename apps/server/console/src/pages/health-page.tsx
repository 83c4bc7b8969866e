import { useQuery } from '@tanstack/react-query';
import { ErrorLine } from '../error-line';
import { formatMs, formatShare, formatTime } from '../format';
import { useSwitchyard } from '../switchyard-react';

/** How often the page asks for health again. */
const POLL_MS = 2_000;

/**
 * Live provider health: `providers.health({ detailed: true })` polled, the
 * system's state and, per target, its state, breaker and recent calls.
 */
export function HealthPage() {
  const trpc = useSwitchyard();
  const health = useQuery(
    trpc.providers.health.queryOptions(
      { detailed: true },
      { refetchInterval: POLL_MS },
    ),
  );
  if (health.error !== null) return <ErrorLine error={health.error} />;
  const report = health.data;
  if (report === undefined) return <p role="status">Loading health…</p>;
  return (
    <>
      <p>
        System:{' '}
        <strong className={`state ${report.status}`} data-testid="system-state">
          {report.status}
        </strong>{' '}
        · checked {formatTime(report.checkedAt)}
        {report.system?.fallbackRate !== undefined &&
          ` · fallback share ${formatShare(report.system.fallbackRate)}`}
      </p>
      <table aria-label="Targets">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Routes</th>
            <th scope="col">State</th>
            <th scope="col">Breaker</th>
            <th scope="col">Recent calls</th>
            <th scope="col">Success</th>
            <th scope="col">p50 / p95</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {report.targets.map((target) => (
            <tr key={target.target} data-target={target.target}>
              <th scope="row">{target.target}</th>
              <td>{target.routes.join(', ')}</td>
              <td className={`state ${target.state}`} data-column="state">
                {target.state}
              </td>
              <td className={`breaker ${target.breaker}`} data-column="breaker">
                {target.breaker}
              </td>
              <td>{target.recentCalls}</td>
              <td>{formatShare(target.successRate)}</td>
              <td>
                {target.latencyP50Ms === undefined
                  ? '–'
                  : `${formatMs(target.latencyP50Ms)} / ${formatMs(target.latencyP95Ms ?? target.latencyP50Ms)}`}
              </td>
              <td>
                {target.lastError === undefined
                  ? '–'
                  : `${target.lastError.code}: ${target.lastError.message}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
