import type { Job, RouterOutputs } from '@switchyard/sdk';
import { useSubscription } from '@switchyard/sdk/react';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, type ConsoleError } from '../describe-error';
import { useSwitchyard } from '../switchyard-react';

/** One event of `jobs.events`. */
export type JobEvent =
  RouterOutputs['jobs']['events'] extends AsyncIterable<infer TEvent>
    ? TEvent
    : never;

const FINAL: ReadonlySet<Job['status']> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** A followed job: the events seen so far and the job as the last one showed it. */
export interface FollowedJob {
  events: JobEvent[];
  job?: Job;
  /** True while `jobs.events` is subscribed. */
  live: boolean;
  error?: ConsoleError;
}

/**
 * Follows the job `id` with `jobs.events` until it ends (succeeded, failed
 * or cancelled); a new id starts over.
 */
export function useJobEvents(id: string | undefined): FollowedJob {
  const trpc = useSwitchyard();
  const [followed, setFollowed] = useState<{ id?: string } & FollowedJob>({
    events: [],
    live: false,
  });
  const current =
    followed.id === id ? followed : { id, events: [], live: id !== undefined };
  if (current !== followed) setFollowed(current);
  useSubscription(
    trpc.jobs.events.subscriptionOptions(
      id !== undefined && current.live ? { id } : skipToken,
      {
        onData: (event) =>
          setFollowed((state) =>
            state.id !== id
              ? state
              : {
                  ...state,
                  events: [...state.events, event],
                  job: event.job,
                  live: !FINAL.has(event.job.status),
                },
          ),
        onError: (error) =>
          setFollowed((state) => ({
            ...state,
            live: false,
            error: describeError(error),
          })),
      },
    ),
  );
  return current;
}
