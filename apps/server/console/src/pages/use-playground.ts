import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useSwitchyard } from '../switchyard-react';
import { useJobEvents } from './use-job-events';
import { useTextStream } from './use-text-stream';

/** The types the playground makes. */
export type PlaygroundType = 'image' | 'text' | 'speech' | 'music' | 'video';

/** How the last run was made: a `generate` call, a stream or a job. */
export type RunMode = 'generate' | 'stream' | 'job';

/**
 * The playground's calls: `run(type, prompt)` starts one the way its type
 * goes (image and speech: `generate`; text: `generateStream`; music and
 * video: `jobs.submit` then `jobs.events`), and the last run's state.
 */
export function usePlayground() {
  const trpc = useSwitchyard();
  const [mode, setMode] = useState<RunMode>();
  const generate = useMutation(trpc.generate.mutationOptions());
  const submit = useMutation(trpc.jobs.submit.mutationOptions());
  const text = useTextStream();
  const job = useJobEvents(mode === 'job' ? submit.data?.id : undefined);
  const run = (type: PlaygroundType, prompt: string) => {
    switch (type) {
      case 'image':
        setMode('generate');
        generate.mutate({ type, prompt, width: 256, height: 256 });
        return;
      case 'speech':
        setMode('generate');
        generate.mutate({ type, text: prompt });
        return;
      case 'text':
        setMode('stream');
        text.start(prompt);
        return;
      case 'music':
        setMode('job');
        submit.mutate({ type, prompt, durationMs: 2_000 });
        return;
      case 'video':
        setMode('job');
        submit.mutate({
          type,
          prompt,
          durationMs: 1_000,
          width: 128,
          height: 128,
        });
        return;
    }
  };
  const busy =
    generate.isPending ||
    submit.isPending ||
    text.stream.status === 'running' ||
    (mode === 'job' && job.live);
  return { mode, run, busy, generate, submit, text: text.stream, job };
}

/** What {@link usePlayground} returns. */
export type Playground = ReturnType<typeof usePlayground>;
