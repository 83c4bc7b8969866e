import type { Attempt } from '@switchyard/sdk';
import { formatMicroCredits, formatMs } from './format';

const WIDTH = 600;
const BAR_HEIGHT = 18;
const GAP = 6;

/** What one attempt cost the caller: the serving attempt carries the call's cost, the others nothing. */
function costOf(attempt: Attempt, servedCost: number | undefined): number {
  if (attempt.outcome === 'success') return servedCost ?? 0;
  return 0;
}

function outcomeText(attempt: Attempt): string {
  const detail = attempt.code ?? attempt.reason;
  return detail === undefined
    ? attempt.outcome
    : `${attempt.outcome} (${detail})`;
}

/** The attempts as bars: each as long as it took, after the one before. */
function TimelineBars(props: { attempts: readonly Attempt[] }) {
  const { attempts } = props;
  const total = attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
  const scale = total > 0 ? (WIDTH - 2) / total : 0;
  const height = attempts.length * (BAR_HEIGHT + GAP);
  let start = 0;
  return (
    <svg
      role="img"
      aria-label={`Timeline of ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, ${formatMs(total)} in all`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
    >
      {attempts.map((attempt, index) => {
        const x = start * scale;
        start += attempt.latencyMs;
        return (
          <rect
            key={index}
            className={`bar ${attempt.outcome}`}
            x={x}
            y={index * (BAR_HEIGHT + GAP)}
            width={Math.max(2, attempt.latencyMs * scale)}
            height={BAR_HEIGHT}
          >
            <title>
              {attempt.provider}:{attempt.model} {outcomeText(attempt)},{' '}
              {formatMs(attempt.latencyMs)}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}

/** One attempt in words, with the fallback that led to it. */
function AttemptItem(props: {
  attempt: Attempt;
  previous: Attempt | undefined;
  servedCost: number | undefined;
}) {
  const { attempt, previous } = props;
  const target = `${attempt.provider}:${attempt.model}`;
  const from =
    previous === undefined
      ? undefined
      : `${previous.provider}:${previous.model}`;
  return (
    <li data-outcome={attempt.outcome}>
      {from !== undefined && from !== target && (
        <span className="fallback">fallback from {from} → </span>
      )}
      <code>{target}</code>{' '}
      <span className="outcome">{outcomeText(attempt)}</span> ·{' '}
      {formatMs(attempt.latencyMs)} ·{' '}
      <span className="cost">
        {formatMicroCredits(costOf(attempt, props.servedCost))}
      </span>
      {attempt.hedged === true && ' · hedged'}
      {attempt.gatewayCostMicroCredits !== undefined &&
        ` · gateway cost ${formatMicroCredits(attempt.gatewayCostMicroCredits)}`}
    </li>
  );
}

/**
 * A call's attempts in order, drawn as a timeline: one bar per attempt, as
 * long as it took, starting where the one before ended, coloured by its
 * outcome; below it each attempt's `provider:model`, outcome, latency and
 * cost, with the fallback from one target to the next marked.
 */
export function AttemptTimeline(props: {
  attempts: readonly Attempt[];
  /** The call's cost (what the serving attempt charged), once it succeeded. */
  costMicroCredits?: number;
  fallbackUsed?: boolean;
}) {
  const { attempts } = props;
  return (
    <figure className="timeline" aria-label="Attempts">
      <figcaption>
        Attempts
        {props.fallbackUsed === true && (
          <strong className="fallback-used"> · fallback used</strong>
        )}
      </figcaption>
      <TimelineBars attempts={attempts} />
      <ol className="attempts">
        {attempts.map((attempt, index) => (
          <AttemptItem
            key={index}
            attempt={attempt}
            previous={attempts[index - 1]}
            servedCost={props.costMicroCredits}
          />
        ))}
      </ol>
    </figure>
  );
}
