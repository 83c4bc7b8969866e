import type { TextStreamEvent } from '@switchyard/sdk';
import type { PageError } from './describe-error';

/** A streamed answer as the page shows it: every delta as it came, then how it ended. */
export interface TextStreamState {
  status: 'idle' | 'running' | 'done' | 'error';
  /** Each `text-delta` in arrival order (kept apart so the page can show them as they come). */
  deltas: string[];
  /** The `end` event's cost, once the answer is complete. */
  costMicroCredits?: number;
  error?: PageError;
}

/** The state before any stream. */
export const IDLE_STREAM: TextStreamState = { status: 'idle', deltas: [] };

/** The state after one more event of the stream. */
export function applyStreamEvent(
  state: TextStreamState,
  event: TextStreamEvent,
): TextStreamState {
  switch (event.type) {
    case 'attempt-start':
    case 'fallback':
      return state;
    case 'text-delta':
      return { ...state, deltas: [...state.deltas, event.text] };
    case 'end':
      return {
        ...state,
        status: 'done',
        costMicroCredits: event.cost.microCredits,
      };
    case 'error':
      return {
        ...state,
        status: 'error',
        error: { code: event.code, message: event.message },
      };
  }
}
