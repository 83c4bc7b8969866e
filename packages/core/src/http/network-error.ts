import { SwitchyardError, toSwitchyardError } from '../errors/switchyard-error';

/** Error codes of a connection that failed or broke: retryable `network`. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Error codes of a connection that was too slow: `timeout`. */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Messages of broken connections whose errors carry no code. */
const NETWORK_MESSAGE =
  /socket hang up|other side closed|terminated|fetch failed|network error|connection (?:reset|refused|closed)/i;

const MAX_CAUSE_DEPTH = 5;

/**
 * Turns a transport failure into a SwitchyardError: a SwitchyardError
 * anywhere in its causes (thrown by a hook of the connection, such as an
 * address check) is the reason and is returned; connection failures
 * (refused, reset, DNS, "socket hang up", "other side closed", a cut stream)
 * become retryable `network`, slow connects and reads become `timeout`, an
 * abort becomes `cancelled`, anything else `unknown`. Request headers are never
 * part of the result.
 *
 * @example
 * const failure = toNetworkError(thrownByFetch, 'webhook receiver');
 * console.log(failure.code, failure.message); // network, "Network error talking to …"
 */
export function toNetworkError(
  error: unknown,
  provider: string,
): SwitchyardError {
  const reason = causeChain(error).find((candidate) =>
    SwitchyardError.isInstance(candidate),
  );
  if (reason !== undefined) return reason;
  for (const candidate of causeChain(error)) {
    const code = errorCode(candidate);
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
      return new SwitchyardError({
        code: 'timeout',
        provider,
        message: `${provider} was too slow to answer (${code}).`,
        cause: error,
      });
    }
    if (code !== undefined && NETWORK_CODES.has(code)) {
      return networkError({ error, provider, detail: describe(candidate) });
    }
  }
  const networkLike = causeChain(error).find(
    (candidate) =>
      candidate instanceof Error && NETWORK_MESSAGE.test(candidate.message),
  );
  if (networkLike !== undefined) {
    return networkError({ error, provider, detail: describe(networkLike) });
  }
  return toSwitchyardError(error, provider);
}

function networkError(options: {
  error: unknown;
  provider: string;
  detail: string;
}): SwitchyardError {
  return new SwitchyardError({
    code: 'network',
    provider: options.provider,
    message: `Network error talking to ${options.provider}: ${options.detail}.`,
    cause: options.error,
  });
}

/** The error, its `cause`s and the members of AggregateErrors, depth-first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const visit = (candidate: unknown, depth: number) => {
    if (depth > MAX_CAUSE_DEPTH || candidate == null) return;
    if (chain.includes(candidate)) return;
    chain.push(candidate);
    if (candidate instanceof AggregateError) {
      for (const member of candidate.errors) visit(member, depth + 1);
    }
    if (candidate instanceof Error) visit(candidate.cause, depth + 1);
  };
  visit(error, 0);
  return chain;
}

function errorCode(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const code = (candidate as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function describe(candidate: unknown): string {
  const code = errorCode(candidate);
  const message = candidate instanceof Error ? candidate.message : '';
  if (code === undefined) return message || 'the connection failed';
  if (message === '' || message.includes(code)) return message || code;
  return `${message} (${code})`;
}
