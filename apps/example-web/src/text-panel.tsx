import type { SwitchyardClient } from '@switchyard/sdk';
import { useEffect, useRef, useState } from 'react';
import { describeError } from './describe-error';
import { ErrorLine } from './error-line';
import {
  applyStreamEvent,
  IDLE_STREAM,
  isStreamOver,
  type TextStreamState,
} from './text-stream-state';

/** Streams a text answer from the gateway, showing each delta as it arrives. */
export function TextPanel(props: {
  client: SwitchyardClient;
  onSpent: () => void;
}) {
  const { client, onSpent } = props;
  const [prompt, setPrompt] = useState(
    'tell me a story about a lighthouse keeper and a storm',
  );
  const [stream, setStream] = useState<TextStreamState>(IDLE_STREAM);
  const [settled, setSettled] = useState(0);
  const subscription = useRef<{ unsubscribe(): void } | undefined>(undefined);
  useEffect(() => () => subscription.current?.unsubscribe(), []);
  const start = () => {
    subscription.current?.unsubscribe();
    // Events come one callback at a time, so the stream's own copy of the
    // state is the truth; React gets each new version.
    let current: TextStreamState = { ...IDLE_STREAM, status: 'running' };
    const show = (next: TextStreamState) => {
      current = next;
      setStream(next);
      if (!isStreamOver(next)) return;
      subscription.current?.unsubscribe();
      setSettled((count) => count + 1);
      onSpent();
    };
    show(current);
    subscription.current = client.generateStream.subscribe(
      { type: 'text', prompt },
      {
        onData: ({ data: event }) => show(applyStreamEvent(current, event)),
        onError: (error) =>
          show({ ...current, status: 'error', error: describeError(error) }),
      },
    );
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
