import { formatMicroCredits, formatTime } from '../format';

const WIDTH = 640;
const HEIGHT = 160;
const PADDING = 4;

/** One call in the chart. */
export interface ChartCall {
  id: string;
  costMicroCredits: number;
  createdAt: number;
  status: string;
}

/**
 * The credits each call cost, oldest to newest, as an SVG bar chart drawn
 * here (no chart library, nothing from a CDN), with the running total as a
 * line.
 */
export function UsageChart(props: { calls: readonly ChartCall[] }) {
  const calls = [...props.calls].reverse();
  const highest = Math.max(1, ...calls.map((call) => call.costMicroCredits));
  const total = calls.reduce((sum, call) => sum + call.costMicroCredits, 0);
  const slot = (WIDTH - PADDING * 2) / Math.max(1, calls.length);
  const y = (value: number, top: number) =>
    HEIGHT - PADDING - (value / top) * (HEIGHT - PADDING * 2);
  let running = 0;
  const line = calls
    .map((call, index) => {
      running += call.costMicroCredits;
      return `${PADDING + slot * (index + 0.5)},${y(running, Math.max(1, total))}`;
    })
    .join(' ');
  return (
    <svg
      className="usage-chart"
      role="img"
      aria-label={`Credits spent by the last ${calls.length} calls, oldest first: ${formatMicroCredits(total)} in all`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
    >
      <line
        className="axis"
        x1={PADDING}
        x2={WIDTH - PADDING}
        y1={HEIGHT - PADDING}
        y2={HEIGHT - PADDING}
      />
      {calls.map((call, index) => {
        // A call that cost nothing still shows, as a sliver.
        const top = Math.min(
          y(call.costMicroCredits, highest),
          HEIGHT - PADDING - 2,
        );
        return (
          <rect
            key={call.id}
            className={`bar ${call.status}`}
            data-cost={call.costMicroCredits}
            x={PADDING + slot * index + slot * 0.1}
            y={top}
            width={Math.max(1, slot * 0.8)}
            height={HEIGHT - PADDING - top}
          >
            <title>
              {formatTime(call.createdAt)}:{' '}
              {formatMicroCredits(call.costMicroCredits)} ({call.status})
            </title>
          </rect>
        );
      })}
      {calls.length > 1 && <polyline className="running-total" points={line} />}
    </svg>
  );
}
