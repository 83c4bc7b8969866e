import type { TextStreamEvent } from '@switchyard/sdk';
import { useSubscription } from '@switchyard/sdk/react';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from './describe-error';
import { ErrorLine } from './error-line';
import { useSwitchyard } from './switchyard-react';
import {
  applyStreamEvent,
  IDLE_STREAM,
  type TextStreamState,
} from './text-stream-state';

/**
 * Streams a text answer from the gateway (`generateStream`), showing each
 * delta as it arrives. The subscription runs from the button's click until
 * the stream's `end` or `error` event.
 */
export function TextPanel(props: { onSpent: () => void }) {
  const trpc = useSwitchyard();
  const [prompt, setPrompt] = useState(
    'tell me a story about a lighthouse keeper and a storm',
  );
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const [stream, setStream] = useState<TextStreamState>(IDLE_STREAM);
  const [settled, setSettled] = useState(0);
  const finish = (next?: (current: TextStreamState) => TextStreamState) => {
    if (next !== undefined) setStream(next);
    setAsked(undefined);
    setSettled((count) => count + 1);
    props.onSpent();
  };
  const onData = ({ data: event }: { data: TextStreamEvent }) => {
    setStream((current) => applyStreamEvent(current, event));
    if (event.type === 'end' || event.type === 'error') finish();
  };
  useSubscription(
    trpc.generateStream.subscriptionOptions(
      asked === undefined ? skipToken : { type: 'text', prompt: asked },
      {
        onData,
        onError: (error) =>
          finish((current) => ({
            ...current,
            status: 'error',
            error: describeError(error),
          })),
      },
    ),
  );
  const start = () => {
    setStream({ ...IDLE_STREAM, status: 'running' });
    setAsked(prompt);
  };
  return (
    <section
      data-testid="text-panel"
      data-status={stream.status}
      data-settled={settled}
    >
      <h2>Text</h2>
      <input
        aria-label="Text prompt"
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
      />
      <button
        type="button"
        disabled={stream.status === 'running'}
        onClick={start}
      >
        Stream answer
      </button>
      <p data-testid="text-answer">
        {stream.deltas.map((delta, index) => (
          <span key={index} data-testid="text-delta">
            {delta}
          </span>
        ))}
      </p>
      {stream.costMicroCredits !== undefined && (
        <p>cost {stream.costMicroCredits} µcredits</p>
      )}
      {stream.error !== undefined && (
        <ErrorLine testId="text-error" error={stream.error} />
      )}
    </section>
  );
}
