import { AttemptTimeline } from '../attempt-timeline';
import { describeError } from '../describe-error';
import { ErrorLine } from '../error-line';
import { GeneratedMedia } from '../generated-media';
import { formatMicroCredits } from '../format';
import { JobView } from './job-view';
import type { Playground } from './use-playground';

function GenerateResultView(props: { playground: Playground }) {
  const { generate } = props.playground;
  if (generate.isPending) return <p role="status">Generating…</p>;
  if (generate.error !== null) {
    const error = describeError(generate.error);
    return (
      <>
        <ErrorLine error={error} />
        {error.attempts !== undefined && (
          <AttemptTimeline attempts={error.attempts} />
        )}
      </>
    );
  }
  const result = generate.data;
  if (result === undefined) return null;
  return (
    <>
      <p>
        Served by{' '}
        <code>
          {result.provider}:{result.model}
        </code>{' '}
        for {formatMicroCredits(result.cost.microCredits)}
      </p>
      <GeneratedMedia result={result} />
      <AttemptTimeline
        attempts={result.attempts}
        costMicroCredits={result.cost.microCredits}
        fallbackUsed={result.fallbackUsed}
      />
    </>
  );
}

function StreamResultView(props: { playground: Playground }) {
  const stream = props.playground.text;
  return (
    <>
      <ol className="log" aria-label="Stream events">
        {stream.log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
      <output
        className="text-result"
        aria-label="Streamed answer"
        aria-live="polite"
        data-status={stream.status}
      >
        {stream.text}
      </output>
      {stream.error !== undefined && <ErrorLine error={stream.error} />}
      {stream.attempts !== undefined && (
        <AttemptTimeline
          attempts={stream.attempts}
          costMicroCredits={stream.costMicroCredits}
          fallbackUsed={stream.fallbackUsed}
        />
      )}
    </>
  );
}

function JobResultView(props: { playground: Playground }) {
  const { submit, job } = props.playground;
  if (submit.isPending) return <p role="status">Submitting…</p>;
  if (submit.error !== null) return <ErrorLine error={submit.error} />;
  if (submit.data === undefined) return null;
  return <JobView id={submit.data.id} followed={job} />;
}

/** The playground's last run: its result as it comes, then its attempts. */
export function PlaygroundResult(props: { playground: Playground }) {
  const { playground } = props;
  return (
    <section
      className="result-panel"
      aria-label="Result"
      data-mode={playground.mode ?? 'none'}
    >
      {playground.mode === 'generate' && (
        <GenerateResultView playground={playground} />
      )}
      {playground.mode === 'stream' && (
        <StreamResultView playground={playground} />
      )}
      {playground.mode === 'job' && <JobResultView playground={playground} />}
    </section>
  );
}
