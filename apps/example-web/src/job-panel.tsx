import type { RouterOutputs } from '@switchyard/sdk';
import { useSubscription } from '@switchyard/sdk/react';
import { skipToken, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, type PageError } from './describe-error';
import { ErrorLine } from './error-line';
import { useSwitchyard } from './switchyard-react';

type JobEvent =
  RouterOutputs['jobs']['events'] extends AsyncIterable<infer TEvent>
    ? TEvent
    : never;
type JobStatus = RouterOutputs['jobs']['get']['status'];

const FINAL: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** A followed job: its id, the event types seen so far, its last status. */
interface FollowedJob {
  id?: string;
  /** True while `jobs.events` is subscribed. */
  following: boolean;
  events: string[];
  status?: JobStatus;
  error?: PageError;
}

const NO_JOB: FollowedJob = { following: false, events: [] };

/**
 * Submits an image generation as a durable job (`jobs.submit`) and follows
 * it with `jobs.events` until it ends.
 */
export function JobPanel(props: { onSpent: () => void }) {
  const trpc = useSwitchyard();
  const [job, setJob] = useState<FollowedJob>(NO_JOB);
  const [settled, setSettled] = useState(0);
  const end = (change: Partial<FollowedJob>) => {
    setJob((current) => ({ ...current, ...change, following: false }));
    setSettled((count) => count + 1);
    props.onSpent();
  };
  const submit = useMutation(
    trpc.jobs.submit.mutationOptions({
      onMutate: () => setJob(NO_JOB),
      onSuccess: (submitted) =>
        setJob({ id: submitted.id, following: true, events: [] }),
      onError: (error) => end({ error: describeError(error) }),
    }),
  );
  const onData = (event: JobEvent) => {
    setJob((current) => ({
      ...current,
      events: [...current.events, event.type],
      status: event.job.status,
      error: event.job.error,
    }));
    if (FINAL.has(event.job.status)) end({});
  };
  useSubscription(
    trpc.jobs.events.subscriptionOptions(
      job.following && job.id !== undefined ? { id: job.id } : skipToken,
      { onData, onError: (error) => end({ error: describeError(error) }) },
    ),
  );
  return (
    <section
      data-testid="job-panel"
      data-job-status={job.status ?? ''}
      data-settled={settled}
    >
      <h2>Job</h2>
      <button
        type="button"
        disabled={submit.isPending || job.following}
        onClick={() =>
          submit.mutate({ type: 'image', prompt: 'a paper boat on a pond' })
        }
      >
        Submit job
      </button>
      {job.id !== undefined && <p>job {job.id}</p>}
      <ol data-testid="job-events">
        {job.events.map((type, index) => (
          <li key={index}>{type}</li>
        ))}
      </ol>
      {job.error !== undefined && (
        <ErrorLine testId="job-error" error={job.error} />
      )}
    </section>
  );
}
