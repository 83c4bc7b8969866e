import { AttemptTimeline } from '../attempt-timeline';
import { ErrorLine } from '../error-line';
import { GeneratedMedia } from '../generated-media';
import { formatShare } from '../format';
import type { FollowedJob, JobEvent } from './use-job-events';

function eventText(event: JobEvent): string {
  const { job } = event;
  const parts: string[] = [event.type];
  if (job.target !== undefined) parts.push(job.target);
  if (job.attempt !== undefined) parts.push(`attempt ${job.attempt}`);
  if (event.type === 'progress' && job.progress !== undefined) {
    parts.push(formatShare(job.progress));
  }
  return parts.join(' · ');
}

/** A followed job: its live events, then its result with its attempts, or its error. */
export function JobView(props: { id: string; followed: FollowedJob }) {
  const { id, followed } = props;
  const { job } = followed;
  return (
    <section
      className="job"
      aria-label={`Job ${id}`}
      data-job-status={job?.status ?? 'connecting'}
    >
      <p>
        Job <code>{id}</code>:{' '}
        <strong className="status">{job?.status ?? 'connecting'}</strong>
        {followed.live && ' (live)'}
      </p>
      <ol aria-label={`Events of job ${id}`} className="events">
        {followed.events.map((event, index) => (
          <li key={index} data-type={event.type}>
            {eventText(event)}
          </li>
        ))}
      </ol>
      {job?.result !== undefined && (
        <>
          <GeneratedMedia result={job.result} />
          <AttemptTimeline
            attempts={job.result.attempts}
            costMicroCredits={job.result.cost.microCredits}
            fallbackUsed={job.result.fallbackUsed}
          />
        </>
      )}
      {job?.error !== undefined && <ErrorLine error={job.error} />}
      {followed.error !== undefined && <ErrorLine error={followed.error} />}
    </section>
  );
}
