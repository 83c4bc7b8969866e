import { useState } from 'react';
import { PlaygroundResult } from './playground-result';
import { usePlayground, type PlaygroundType } from './use-playground';

const TYPES: { value: PlaygroundType; label: string; example: string }[] = [
  { value: 'image', label: 'Image', example: 'a lighthouse at dusk' },
  {
    value: 'text',
    label: 'Text (streamed)',
    example: 'Write a haiku about trains.',
  },
  { value: 'speech', label: 'Speech', example: 'Hello from Switchyard.' },
  { value: 'music', label: 'Music (job)', example: 'a calm piano loop' },
  { value: 'video', label: 'Video (job)', example: 'a paper boat on a pond' },
];

/**
 * Every generation type: image and speech through `generate`, text streamed
 * through `generateStream`, music and video as jobs (`jobs.submit`)
 * followed live with `jobs.events`; the result shown or played, with its
 * attempts as a timeline.
 */
export function PlaygroundPage() {
  const [type, setType] = useState<PlaygroundType>('image');
  const [prompt, setPrompt] = useState(TYPES[0]?.example ?? '');
  const playground = usePlayground();
  return (
    <>
      <form
        className="playground"
        aria-label="Generate"
        onSubmit={(event) => {
          event.preventDefault();
          playground.run(type, prompt);
        }}
      >
        <label>
          Type
          <select
            value={type}
            onChange={(event) => {
              const next = event.target.value as PlaygroundType;
              setType(next);
              setPrompt(
                TYPES.find((each) => each.value === next)?.example ?? '',
              );
            }}
          >
            {TYPES.map((each) => (
              <option key={each.value} value={each.value}>
                {each.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {type === 'speech' ? 'Text to speak' : 'Prompt'}
          <textarea
            rows={3}
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
          />
        </label>
        <button
          type="submit"
          disabled={playground.busy || prompt.trim() === ''}
        >
          Generate
        </button>
      </form>
      <PlaygroundResult playground={playground} />
    </>
  );
}
