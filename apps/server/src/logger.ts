import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** The server's logger (pino). */
export type Logger = PinoLogger;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const SECRET_FIELDS = [
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'password',
  'secret',
];

/**
 * Paths pino replaces with `[redacted]`: authorization and cookie headers,
 * and credential fields up to three levels deep.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  ...SECRET_FIELDS.flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
    `*.*.*.${field}`,
  ]),
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * `fatal` … `trace` or `silent`. Default: the `LOG_LEVEL` environment
   * variable, else `info` (`silent` under vitest).
   */
  level?: string;
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
}

/**
 * Creates the server's pino logger. Credentials and authorization headers are
 * redacted; the server never logs prompts or generated content at `info`.
 *
 * @example
 * const logger = createLogger({ level: 'debug' });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level =
    options.level ??
    process.env.LOG_LEVEL ??
    (process.env.VITEST === undefined ? 'info' : 'silent');
  if (!LEVELS.includes(level)) {
    throw new Error(
      `LOG_LEVEL "${level}" is not a log level; use one of ${LEVELS.join(', ')}.`,
    );
  }
  return pino(
    {
      name: 'switchyard',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}
