import type { ImageResult, SwitchyardClient } from '@switchyard/sdk';
import { useState } from 'react';
import { ErrorLine } from './error-line';
import { useAction } from './use-action';

/** The first image of a result as an `<img>` source: inline data or the provider's URL. */
function imageSource(result: ImageResult): string | undefined {
  const image = result.images[0];
  if (image?.base64 !== undefined) {
    return `data:${image.mimeType};base64,${image.base64}`;
  }
  return image?.url;
}

/** Generates an image through the gateway and shows it. */
export function ImagePanel(props: {
  client: SwitchyardClient;
  onSpent: () => void;
}) {
  const { client, onSpent } = props;
  const [prompt, setPrompt] = useState('a lighthouse at dusk');
  const { state, settled, run } = useAction<ImageResult>();
  const generate = () =>
    run(async () => {
      const result = await client.generate.mutate({ type: 'image', prompt });
      if (result.type !== 'image') throw new Error('expected an image');
      return result;
    }).finally(onSpent);
  return (
    <section
      data-testid="image-panel"
      data-status={state.status}
      data-settled={settled}
    >
      <h2>Image</h2>
      <input
        aria-label="Image prompt"
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
      />
      <button
        type="button"
        disabled={state.status === 'running'}
        onClick={() => void generate()}
      >
        Generate image
      </button>
      {state.status === 'done' && (
        <figure>
          <img
            data-testid="image-result"
            alt={prompt}
            src={imageSource(state.value)}
          />
          <figcaption>
            {state.value.provider}:{state.value.model}, cost{' '}
            {state.value.cost.microCredits} µcredits
          </figcaption>
        </figure>
      )}
      {state.status === 'error' && (
        <ErrorLine testId="image-error" error={state.error} />
      )}
    </section>
  );
}
