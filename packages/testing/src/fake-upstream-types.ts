/** Fields every fake response may have. */
interface FakeResponseBase {
  /** HTTP status. Defaults: 200, and 500 for `error`. */
  status?: number;
  /** Extra response headers; they win over the defaults. */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A JSON answer (`content-type: application/json`). */
export interface FakeJsonResponse extends FakeResponseBase {
  type: 'json';
  body: unknown;
}

/** An error answer: an object body is sent as JSON, a string as-is (text/plain unless `headers` say otherwise). */
export interface FakeErrorResponse extends FakeResponseBase {
  type: 'error';
  body?: unknown;
}

/** A server-sent event stream: each chunk is written as-is. */
export interface FakeSseResponse extends FakeResponseBase {
  type: 'sse';
  chunks: string[];
  /** Wait this long before each chunk after the first. */
  chunkDelayMs?: number;
  /** Cut the connection (no clean end) after this many chunks. */
  cutAfter?: number;
  /** Pause `ms` once, after `afterChunks` chunks (a stall mid-stream). */
  stall?: { afterChunks: number; ms: number };
}

/** Raw bytes (`content-type: application/octet-stream` unless `headers` say otherwise). */
export interface FakeBinaryResponse extends FakeResponseBase {
  type: 'binary';
  body: Uint8Array | string;
}

/** A response with no body. */
export interface FakeEmptyResponse extends FakeResponseBase {
  type: 'empty';
}

/** Never answers; the connection stays open until the client gives up. */
export interface FakeHangResponse {
  type: 'hang';
}

/** Resets the connection (TCP RST) instead of answering. */
export interface FakeResetResponse {
  type: 'reset';
  delayMs?: number;
}

/** What a fake route answers with. */
export type FakeResponse =
  | FakeJsonResponse
  | FakeErrorResponse
  | FakeSseResponse
  | FakeBinaryResponse
  | FakeEmptyResponse
  | FakeHangResponse
  | FakeResetResponse;

/** How a route picks its answer: one for every call, one per call (the last repeats), or computed. */
export type FakeResponseSource =
  | FakeResponse
  | FakeResponse[]
  | ((context: {
      /** 0-based number of this call to the route. */
      callNumber: number;
      request: FakeCall;
    }) => FakeResponse | Promise<FakeResponse>);

/** A route of the fake upstream. */
export interface FakeRoute {
  response: FakeResponseSource;
}

/** Routes keyed by path (`'/v1/chat'`) or method and path (`'POST /v1/chat'`). */
export type FakeRoutes = Record<string, FakeRoute>;

/** One request the fake upstream received. */
export interface FakeCall {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Request headers with lower-cased names. */
  headers: Record<string, string>;
  bodyText: string;
  /** The body's bytes as received: binary parts of a multipart body (images, audio) intact. */
  bodyBytes: Uint8Array;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  bodyJson: unknown;
  /** The client's port: equal for two calls means one reused connection. */
  remotePort: number | undefined;
  /**
   * Settles when the exchange is over: `completed` once the whole response was
   * sent, `closed-early` when the connection closed first (a client abort,
   * a hang given up, a reset or a cut stream).
   */
  ended: Promise<'completed' | 'closed-early'>;
}

/** A running fake upstream. Dispose it with `await using` or `close()`. */
export interface FakeUpstream extends AsyncDisposable {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly calls: FakeCall[];
  /** The live routes; assign `routes['/path'].response` to override one in a test. */
  readonly routes: FakeRoutes;
  /** Forgets the calls and call counts, and restores the routes given at creation. */
  reset(): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}
