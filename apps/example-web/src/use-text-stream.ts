import type { TextStreamEvent } from '@switchyard/sdk';
import { useSubscription } from '@switchyard/sdk/react';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from './describe-error';
import { useSwitchyard } from './switchyard-react';
import {
  applyStreamEvent,
  IDLE_STREAM,
  type TextStreamState,
} from './text-stream-state';

/**
 * One streamed answer at a time through `generateStream`: `start(prompt)`
 * subscribes, and the subscription ends with the stream's `end` or `error`
 * event (or a failure to connect). `settled` counts the streams ended;
 * `onEnd` is called as each ends.
 */
export function useTextStream(onEnd: () => void): {
  stream: TextStreamState;
  settled: number;
  start: (prompt: string) => void;
} {
  const trpc = useSwitchyard();
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const [stream, setStream] = useState<TextStreamState>(IDLE_STREAM);
  const [settled, setSettled] = useState(0);
  const finish = (next?: (current: TextStreamState) => TextStreamState) => {
    if (next !== undefined) setStream(next);
    setAsked(undefined);
    setSettled((count) => count + 1);
    onEnd();
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
  const start = (prompt: string) => {
    setStream({ ...IDLE_STREAM, status: 'running' });
    setAsked(prompt);
  };
  return { stream, settled, start };
}
