import type { ImageResult } from '@switchyard/sdk';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { mutationStatus } from './call-status';
import { describeError } from './describe-error';
import { ErrorLine } from './error-line';
import { useSwitchyard } from './switchyard-react';

/** The first image of a result as an `<img>` source: inline data or the provider's URL. */
function imageSource(result: ImageResult): string | undefined {
  const image = result.images[0];
  if (image?.base64 !== undefined) {
    return `data:${image.mimeType};base64,${image.base64}`;
  }
  return image?.url;
}

/** Generates an image through the gateway (`generate`) and shows it. */
export function ImagePanel(props: { onSpent: () => void }) {
  const trpc = useSwitchyard();
  const [prompt, setPrompt] = useState('a lighthouse at dusk');
  const [settled, setSettled] = useState(0);
  const generate = useMutation(
    trpc.generate.mutationOptions({
      onSettled: () => {
        setSettled((count) => count + 1);
        props.onSpent();
      },
    }),
  );
  const result = generate.data?.type === 'image' ? generate.data : undefined;
  return (
    <section
      data-testid="image-panel"
      data-status={mutationStatus(generate.status)}
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
        disabled={generate.isPending}
        onClick={() => generate.mutate({ type: 'image', prompt })}
      >
        Generate image
      </button>
      {result !== undefined && (
        <figure>
          <img
            data-testid="image-result"
            alt={prompt}
            src={imageSource(result)}
          />
          <figcaption>
            {result.provider}:{result.model}, cost {result.cost.microCredits}{' '}
            µcredits
          </figcaption>
        </figure>
      )}
      {generate.error !== null && (
        <ErrorLine testId="image-error" error={describeError(generate.error)} />
      )}
    </section>
  );
}
