import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorLine } from '../error-line';
import { formatTime } from '../format';
import { useSwitchyard } from '../switchyard-react';
import { JobView } from './job-view';
import { useJobEvents } from './use-job-events';

/** How often the job list is read again. */
const LIST_POLL_MS = 5_000;

function FollowedJobView(props: { id: string }) {
  const followed = useJobEvents(props.id);
  return <JobView id={props.id} followed={followed} />;
}

/** The key's jobs (`jobs.list`), and one followed live with `jobs.events`. */
export function JobsPage() {
  const trpc = useSwitchyard();
  const [selected, setSelected] = useState<string>();
  const jobs = useQuery(
    trpc.jobs.list.queryOptions(
      { limit: 25 },
      { refetchInterval: LIST_POLL_MS },
    ),
  );
  if (jobs.error !== null) return <ErrorLine error={jobs.error} />;
  if (jobs.data === undefined) return <p role="status">Loading jobs…</p>;
  return (
    <>
      {jobs.data.items.length === 0 ? (
        <p>No jobs yet: submit one from the playground (music or video).</p>
      ) : (
        <table aria-label="Jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Target</th>
              <th scope="col">Created</th>
              <th scope="col">Events</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.items.map((job) => (
              <tr key={job.id} aria-selected={job.id === selected}>
                <th scope="row">
                  <code>{job.id}</code>
                </th>
                <td>{job.result?.type ?? '–'}</td>
                <td>{job.status}</td>
                <td>{job.target ?? '–'}</td>
                <td>{formatTime(job.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Follow job ${job.id}`}
                    onClick={() => setSelected(job.id)}
                  >
                    Follow
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected !== undefined && (
        <FollowedJobView key={selected} id={selected} />
      )}
    </>
  );
}
