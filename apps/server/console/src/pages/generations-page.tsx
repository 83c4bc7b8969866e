import type { GenerateResult } from '@switchyard/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AttemptTimeline } from '../attempt-timeline';
import { ErrorLine } from '../error-line';
import { formatMicroCredits, formatTime } from '../format';
import { GeneratedMedia } from '../generated-media';
import { useSwitchyard } from '../switchyard-react';

const RESULT_TYPES = new Set([
  'image',
  'text',
  'speech',
  'music',
  'video',
  'training',
]);

/** A stored result the console can show (the API types it `unknown`: it is kept as it was served). */
function asResult(value: unknown): GenerateResult | undefined {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && RESULT_TYPES.has(type)
    ? (value as GenerateResult)
    : undefined;
}

function GenerationDetail(props: { id: string }) {
  const trpc = useSwitchyard();
  const record = useQuery(trpc.generations.get.queryOptions({ id: props.id }));
  if (record.error !== null) return <ErrorLine error={record.error} />;
  if (record.data === undefined) return <p role="status">Loading the call…</p>;
  const { data } = record;
  const result = asResult(data.result);
  return (
    <section aria-label={`Generation ${props.id}`} className="generation">
      <p>
        <code>{data.id}</code> on route {data.route}: {data.status}
        {data.errorCode !== undefined && ` (${data.errorCode})`} ·{' '}
        {formatMicroCredits(data.costMicroCredits)}
      </p>
      {data.attempts !== undefined && data.attempts.length > 0 ? (
        <AttemptTimeline
          attempts={data.attempts}
          costMicroCredits={data.costMicroCredits}
          fallbackUsed={result?.fallbackUsed}
        />
      ) : (
        <p>No attempts recorded (served from the cache, or still in flight).</p>
      )}
      {result !== undefined && <GeneratedMedia result={result} />}
    </section>
  );
}

/** The key's calls (`generations.list`), and one with its attempts and result (`generations.get`). */
export function GenerationsPage() {
  const trpc = useSwitchyard();
  const [selected, setSelected] = useState<string>();
  const list = useQuery(trpc.generations.list.queryOptions({ limit: 25 }));
  if (list.error !== null) return <ErrorLine error={list.error} />;
  if (list.data === undefined) return <p role="status">Loading calls…</p>;
  return (
    <>
      <table aria-label="Generations">
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">When</th>
            <th scope="col">Route</th>
            <th scope="col">Served by</th>
            <th scope="col">Attempts</th>
            <th scope="col">Status</th>
            <th scope="col">Cost</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((call) => (
            <tr key={call.id} aria-selected={call.id === selected}>
              <th scope="row">
                <code>{call.id}</code>
              </th>
              <td>{formatTime(call.createdAt)}</td>
              <td>{call.route}</td>
              <td>
                {call.provider === undefined
                  ? '–'
                  : `${call.provider}:${call.model ?? ''}`}
              </td>
              <td>{call.attempts?.length ?? 0}</td>
              <td>{call.errorCode ?? call.status}</td>
              <td>{formatMicroCredits(call.costMicroCredits)}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Show generation ${call.id}`}
                  onClick={() => setSelected(call.id)}
                >
                  Show
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected !== undefined && <GenerationDetail id={selected} />}
    </>
  );
}
