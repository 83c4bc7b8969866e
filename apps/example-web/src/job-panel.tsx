import type { RouterOutputs, SwitchyardClient } from '@switchyard/sdk';
import { useEffect, useRef, useState } from 'react';
import { describeError, type PageError } from './describe-error';
import { ErrorLine } from './error-line';

type Job = RouterOutputs['jobs']['get'];
type JobStatus = Job['status'];

const FINAL: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** A followed job: its id, the event types seen so far, its last status. */
interface FollowedJob {
  id?: string;
  events: string[];
  status?: JobStatus;
  error?: PageError;
}

/**
 * Submits an image generation as a durable job (`jobs.submit`) and follows
 * it with `jobs.events` until it ends.
 */
export function JobPanel(props: {
  client: SwitchyardClient;
  onSpent: () => void;
}) {
  const { client, onSpent } = props;
  const [followed, setFollowed] = useState<FollowedJob>({ events: [] });
  const [settled, setSettled] = useState(0);
  const subscription = useRef<{ unsubscribe(): void } | undefined>(undefined);
  useEffect(() => () => subscription.current?.unsubscribe(), []);
  const follow = (id: string) => {
    let current: FollowedJob = { id, events: [] };
    const show = (next: FollowedJob) => {
      current = next;
      setFollowed(next);
      if (next.error === undefined && !FINAL.has(next.status ?? 'queued')) {
        return;
      }
      subscription.current?.unsubscribe();
      setSettled((count) => count + 1);
      onSpent();
    };
    subscription.current = client.jobs.events.subscribe(
      { id },
      {
        onData: (event) =>
          show({
            ...current,
            events: [...current.events, event.type],
            status: event.job.status,
            error: event.job.error,
          }),
        onError: (error) => show({ ...current, error: describeError(error) }),
      },
    );
  };
  const submit = async () => {
    subscription.current?.unsubscribe();
    setFollowed({ events: [] });
    try {
      const job = await client.jobs.submit.mutate({
        type: 'image',
        prompt: 'a paper boat on a pond',
      });
      follow(job.id);
    } catch (error) {
      setFollowed({ events: [], error: describeError(error) });
      setSettled((count) => count + 1);
    }
  };
  return (
    <section
      data-testid="job-panel"
      data-job-status={followed.status ?? ''}
      data-settled={settled}
    >
      <h2>Job</h2>
      <button type="button" onClick={() => void submit()}>
        Submit job
      </button>
      {followed.id !== undefined && <p>job {followed.id}</p>}
      <ol data-testid="job-events">
        {followed.events.map((type, index) => (
          <li key={index}>{type}</li>
        ))}
      </ol>
      {followed.error !== undefined && (
        <ErrorLine testId="job-error" error={followed.error} />
      )}
    </section>
  );
}
