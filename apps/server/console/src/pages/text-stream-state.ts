import type { Attempt, TextStreamEvent } from '@switchyard/sdk';
import type { ConsoleError } from '../describe-error';

/** A streamed answer as the console shows it: the text so far, then how it ended. */
export interface TextStreamState {
  status: 'idle' | 'running' | 'done' | 'error';
  /** The text received so far. */
  text: string;
  /** `provider:model` of each attempt started, and each fallback, as they happen. */
  log: string[];
  /** The attempts, once the stream ended. */
  attempts?: Attempt[];
  costMicroCredits?: number;
  fallbackUsed?: boolean;
  error?: ConsoleError;
}

/** The state before any stream. */
export const IDLE_STREAM: TextStreamState = {
  status: 'idle',
  text: '',
  log: [],
};

/** The state after one more event of the stream. */
export function applyStreamEvent(
  state: TextStreamState,
  event: TextStreamEvent,
): TextStreamState {
  switch (event.type) {
    case 'attempt-start':
      return {
        ...state,
        log: [
          ...state.log,
          `attempt ${event.attempt}: ${event.provider}:${event.model}`,
        ],
      };
    case 'fallback':
      return {
        ...state,
        log: [
          ...state.log,
          `fallback from ${event.from.provider}:${event.from.model} to ${event.to.provider}:${event.to.model} (${event.reason})`,
        ],
      };
    case 'text-delta':
      return { ...state, text: state.text + event.text };
    case 'end':
      return {
        ...state,
        status: 'done',
        attempts: event.attempts,
        costMicroCredits: event.cost.microCredits,
        fallbackUsed: event.fallbackUsed,
      };
    case 'error':
      return {
        ...state,
        status: 'error',
        attempts: event.attempts,
        error: { code: event.code, message: event.message },
      };
  }
}
