import { useState } from 'react';
import { ErrorLine } from './error-line';
import { useTextStream } from './use-text-stream';

/**
 * Streams a text answer from the gateway (`generateStream`), showing each
 * delta as it arrives.
 */
export function TextPanel(props: { onSpent: () => void }) {
  const [prompt, setPrompt] = useState(
    'tell me a story about a lighthouse keeper and a storm',
  );
  const { stream, settled, start } = useTextStream(props.onSpent);
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
        onClick={() => start(prompt)}
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
