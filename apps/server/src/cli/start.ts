import { ConfigError } from '../config/config-error';
import { CONFIG_ENVIRONMENT_VARIABLE } from '../config/load-config';
import type { Environment } from '../config/substitute-environment';
import { DEFAULT_JOB_LEASE_MS } from '../jobs/job-runner';
import { resolveLogFormat, type LogFormat } from '../log-format';
import { createLogger, type Logger } from '../logger';
import { startTracing } from '../observability/start-tracing';
import {
  createServer,
  DEFAULT_HOSTNAME,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
} from '../server';
import {
  EXIT,
  messageOf,
  type CommandContext,
  type CommandResult,
} from './command';
import type { CommandOutput } from './keys';
import { parseCommandArgs } from './parse-command-args';
import { tuneHeap } from './tune-heap';
import { START_OPTIONS, START_USAGE } from './usage';

/** `switchyard start`: the gateway server, the default command. */
export async function runStart(
  context: CommandContext,
): Promise<CommandResult> {
  const { output } = context;
  const parsed = parseCommandArgs({
    command: 'start',
    argv: context.argv,
    options: START_OPTIONS,
    maxPositionals: 0,
  });
  if (typeof parsed === 'string') {
    output.error(`${parsed}\n${START_USAGE}`);
    return EXIT.usage;
  }
  // A flag wins over its variable.
  const { config, port, host } = parsed.values as Partial<
    Record<'config' | 'port' | 'host', string>
  >;
  const environment: Environment = {
    ...context.environment,
    ...(config === undefined ? {} : { [CONFIG_ENVIRONMENT_VARIABLE]: config }),
    ...(port === undefined ? {} : { PORT: port }),
    ...(host === undefined ? {} : { HOST: host }),
  };
  let format: LogFormat;
  let logger: Logger;
  try {
    format = resolveLogFormat({
      variable: environment.LOG_FORMAT,
      isTerminal: context.isTerminal,
    });
    logger = createLogger({ level: environment.LOG_LEVEL, format });
  } catch (error) {
    output.error(messageOf(error));
    return EXIT.failed;
  }
  try {
    await serve({ environment, logger });
    return 'running';
  } catch (error) {
    reportStartupFailure({ error, logger, format, output });
    return EXIT.failed;
  }
}

/** Starts the server and tracing, and closes both on SIGTERM or SIGINT. */
async function serve(options: {
  environment: Environment;
  logger: Logger;
}): Promise<void> {
  const { environment, logger } = options;
  tuneHeap(environment);
  const read = (name: string, fallback: number, maximum: number) =>
    integerVariable({ environment, name, fallback, maximum });
  const port = read('PORT', DEFAULT_PORT, 65_535);
  const shutdownGraceMs = read(
    'SWITCHYARD_SHUTDOWN_GRACE_MS',
    DEFAULT_SHUTDOWN_GRACE_MS,
    3_600_000,
  );
  const sweepIntervalMs = read(
    'SWITCHYARD_SWEEP_INTERVAL_MS',
    DEFAULT_SWEEP_INTERVAL_MS,
    3_600_000,
  );
  const jobLeaseMs = read(
    'SWITCHYARD_JOB_LEASE_MS',
    DEFAULT_JOB_LEASE_MS,
    3_600_000,
  );
  const tracing = await startTracing(environment);
  if (tracing !== undefined) logger.info('OpenTelemetry tracing started');
  const server = await createServer({
    logger,
    environment,
    sweepIntervalMs,
    jobLeaseMs,
    port,
    hostname: environment.HOST || DEFAULT_HOSTNAME,
    shutdownGraceMs,
  });
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    void server
      .close()
      .then(() =>
        tracing?.shutdown().catch((error: unknown) => {
          logger.warn({ err: error }, 'flushing traces failed');
        }),
      )
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // Last: whoever waits for this line may signal at once.
  logger.info({ url: server.url }, `Switchyard listening on ${server.url}`);
}

/**
 * A config error is printed as readable lines on stderr (the file, then
 * `path: message` per issue) in either log format; JSON logs also get one
 * structured line. Other failures are logged.
 */
function reportStartupFailure(options: {
  error: unknown;
  logger: Logger;
  format: LogFormat;
  output: CommandOutput;
}): void {
  const { error, logger } = options;
  if (!(error instanceof ConfigError)) {
    logger.fatal({ err: error }, `start-up failed: ${messageOf(error)}`);
    return;
  }
  options.output.error(error.message);
  if (options.format === 'json') {
    logger.fatal(
      { file: error.file, issues: error.issues },
      `invalid config in ${error.file ?? 'the embedded defaults'}: the server did not start`,
    );
  }
}

function integerVariable(options: {
  environment: Environment;
  name: string;
  fallback: number;
  maximum: number;
}): number {
  const text = options.environment[options.name];
  if (text === undefined || text.trim() === '') return options.fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > options.maximum) {
    throw new Error(
      `${options.name} must be a whole number from 0 to ${options.maximum}, not "${text}".`,
    );
  }
  return value;
}
