import type { TextStreamEvent } from '@switchyard/sdk';
import { useSubscription } from '@switchyard/sdk/react';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../describe-error';
import { useSwitchyard } from '../switchyard-react';
import {
  applyStreamEvent,
  IDLE_STREAM,
  type TextStreamState,
} from './text-stream-state';

/**
 * One streamed answer at a time through `generateStream`: `start(prompt)`
 * subscribes, and the subscription ends with the stream's `end` or `error`
 * event (or a failure to connect); the text grows as each delta comes.
 */
export function useTextStream(): {
  stream: TextStreamState;
  start: (prompt: string) => void;
} {
  const trpc = useSwitchyard();
  const [asked, setAsked] = useState<string>();
  const [stream, setStream] = useState<TextStreamState>(IDLE_STREAM);
  const onData = ({ data: event }: { data: TextStreamEvent }) => {
    setStream((current) => applyStreamEvent(current, event));
    if (event.type === 'end' || event.type === 'error') setAsked(undefined);
  };
  useSubscription(
    trpc.generateStream.subscriptionOptions(
      asked === undefined ? skipToken : { type: 'text', prompt: asked },
      {
        onData,
        onError: (error) => {
          setStream((current) => ({
            ...current,
            status: 'error',
            error: describeError(error),
          }));
          setAsked(undefined);
        },
      },
    ),
  );
  const start = (prompt: string) => {
    setStream({ ...IDLE_STREAM, status: 'running' });
    setAsked(prompt);
  };
  return { stream, start };
}
