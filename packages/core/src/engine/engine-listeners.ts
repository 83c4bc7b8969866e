import type { EngineEvent } from './types';

/** An observer of engine events. */
export type EngineListener = (event: EngineEvent) => void;

/** Calls an observer with an event, ignoring what it throws: an observer's bug must not break a call. */
export function notify(listener: EngineListener, event: EngineEvent): void {
  try {
    listener(event);
  } catch {
    // Ignored on purpose: see above.
  }
}

/** The engine-wide observers, as `RoutingEngine.onEvent` adds them. */
export class EngineListeners {
  private readonly listeners = new Set<EngineListener>();

  /** Adds an observer; returns a function that removes it. */
  add(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends an event to every observer. */
  emit(event: EngineEvent): void {
    for (const listener of this.listeners) notify(listener, event);
  }
}
