import {
  pino,
  stdSerializers,
  type DestinationStream,
  type Logger as PinoLogger,
} from 'pino';
import {
  prettyDestination,
  resolveLogFormat,
  type LogFormat,
} from './log-format';

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
  /**
   * `json` (one object a line) or `pretty` (readable). Default: the
   * `LOG_FORMAT` environment variable, else `pretty` when stdout is a
   * terminal (and no `destination` is given), else `json`.
   */
  format?: LogFormat;
}

/**
 * Creates the server's pino logger. Credentials and authorization headers are
 * redacted (before a line is formatted, in either format); the server never
 * logs prompts or generated content at `info`.
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
  const format =
    options.format ??
    resolveLogFormat({
      variable: process.env.LOG_FORMAT,
      isTerminal:
        options.destination === undefined && process.stdout.isTTY === true,
    });
  return pino(
    {
      name: 'switchyard',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    format === 'json'
      ? options.destination
      : prettyDestination({
          destination: options.destination,
          colorize:
            options.destination === undefined && process.stdout.isTTY === true,
        }),
  );
}

/**
 * A child of `logger` whose lines pass every logged value, and every logged
 * error (its message, stack, body and causes), through `redact`: the
 * configured credentials never reach a log line, whatever an upstream echoed.
 * Log errors as `{ err }` with a message of your own (the server does): a
 * bare `log.error(err)` makes pino use the raw `err.message` as `msg`.
 */
export function withSecretRedaction(
  logger: Logger,
  redact: (text: string) => string,
): Logger {
  return logger.child(
    {},
    {
      formatters: {
        log: (object) => redactDeep(object, redact) as Record<string, unknown>,
      },
      serializers: {
        err: (error: Error) => redactDeep(stdSerializers.err(error), redact),
      },
    },
  );
}

const MAX_DEPTH = 8;

/** Copies plain data with every string redacted; errors are left to the `err` serializer. */
function redactDeep(
  value: unknown,
  redact: (text: string) => string,
  depth = 0,
): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) {
    return value;
  }
  if (value instanceof Error) return value;
  if (Array.isArray(value)) {
    return value.map((item) => redactDeep(item, redact, depth + 1));
  }
  // What serialises itself (dates, buffers) is left as it is; other objects,
  // such as the `err` serializer's output, are copied like JSON would be.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      redactDeep(item, redact, depth + 1),
    ]),
  );
}
