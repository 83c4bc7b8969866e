import { SwitchyardError } from '@switchyard/core';

/** One open stream, as its registry holds it. */
export interface OpenStream {
  /** Aborts when the server ends the stream; its reason is the {@link SwitchyardError} to report. */
  signal: AbortSignal;
  /** The stream has sent its last event. */
  close(): void;
}

/** The streams a gateway has open, so shutdown can end each with an event. */
export interface StreamRegistry {
  /** Registers a stream that is starting. */
  open(): OpenStream;
  /**
   * Ends every open stream with `reason`, and resolves once each has sent
   * its last event (an `error` naming the reason); returns how many there were.
   */
  endAll(reason: SwitchyardError): Promise<number>;
}

/** The reason a stream ends when its server stops before it has. */
export function shutdownError(): SwitchyardError {
  return new SwitchyardError({
    code: 'cancelled',
    message:
      'The server is shutting down; this stream was stopped and is not charged. Start it again (on another replica, or once the server is back).',
  });
}

/** Creates an empty {@link StreamRegistry}. */
export function createStreamRegistry(): StreamRegistry {
  const open = new Map<AbortController, Promise<void>>();
  return {
    open() {
      const controller = new AbortController();
      let close = () => undefined as void;
      const closed = new Promise<void>((resolve) => {
        close = resolve;
      });
      open.set(controller, closed);
      return {
        signal: controller.signal,
        close() {
          open.delete(controller);
          close();
        },
      };
    },
    async endAll(reason) {
      const streams = [...open];
      for (const [controller] of streams) controller.abort(reason);
      await Promise.all(streams.map(([, closed]) => closed));
      return streams.length;
    },
  };
}
