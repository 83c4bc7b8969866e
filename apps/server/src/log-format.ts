import { pino, type DestinationStream } from 'pino';
import { createRequire } from 'node:module';
import type pretty from 'pino-pretty';

/** How log lines are written: one JSON object a line, or readable text. */
export type LogFormat = 'json' | 'pretty';

const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

/**
 * The log format: `LOG_FORMAT` (`json` or `pretty`) when set, else `pretty`
 * when the lines go to a terminal and `json` otherwise (files, pipes, log
 * collectors). Throws on any other `LOG_FORMAT`.
 */
export function resolveLogFormat(options: {
  variable: string | undefined;
  isTerminal: boolean;
}): LogFormat {
  const text = options.variable?.trim().toLowerCase();
  if (text === undefined || text === '') {
    return options.isTerminal ? 'pretty' : 'json';
  }
  if (!(LOG_FORMATS as readonly string[]).includes(text)) {
    throw new Error(
      `LOG_FORMAT "${options.variable}" is not a log format; use json or pretty.`,
    );
  }
  return text as LogFormat;
}

/**
 * A destination that turns pino's JSON lines into readable ones (pino-pretty,
 * synchronously in this thread, so a line logged just before `process.exit`
 * is still written): time, level, message, then the other fields.
 */
export function prettyDestination(options: {
  destination: DestinationStream | undefined;
  colorize: boolean;
}): DestinationStream {
  // Loaded only for pretty logs: a gateway logging JSON never pays for it.
  const build = createRequire(import.meta.url)('pino-pretty') as typeof pretty;
  return build({
    sync: true,
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
    destination:
      options.destination ?? pino.destination({ dest: 1, sync: true }),
  });
}
