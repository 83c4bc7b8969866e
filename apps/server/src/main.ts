#!/usr/bin/env node
/**
 * The server's command: `node dist/main.js` (`pnpm start`). Reads `PORT`
 * (default 8787), `HOST` (default 127.0.0.1), `SWITCHYARD_CONFIG`,
 * `LOG_LEVEL`, `SWITCHYARD_SHUTDOWN_GRACE_MS` (default 10000) and
 * `SWITCHYARD_SWEEP_INTERVAL_MS` (default 30000), `SWITCHYARD_JOB_LEASE_MS`
 * (default 15000), serves `keys …` and `explain …` as a CLI, and shuts
 * down gracefully on SIGTERM and SIGINT. The standard `OTEL_*` variables
 * (`OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_ENDPOINT`, …) turn on
 * OpenTelemetry traces; without them no SDK is loaded.
 * @module
 */
import { runExplainCommand } from './cli/explain';
import { runKeysCommand, type CommandOutput } from './cli/keys';
import { DEFAULT_JOB_LEASE_MS } from './jobs/job-runner';
import { ConfigError } from './config/config-error';
import { createLogger, type Logger } from './logger';
import { startTracing } from './observability/start-tracing';
import {
  createServer,
  DEFAULT_HOSTNAME,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
} from './server';

const output: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** The CLI's commands besides `start` (the default): each returns its exit code. */
const COMMANDS = new Map<string, (argv: string[]) => Promise<number>>([
  [
    'keys',
    (argv) => runKeysCommand({ argv, environment: process.env, output }),
  ],
  [
    'explain',
    (argv) => runExplainCommand({ argv, environment: process.env, output }),
  ],
]);

async function main(): Promise<void> {
  const command = COMMANDS.get(process.argv[2] ?? '');
  if (command !== undefined) {
    const code = await command(process.argv.slice(3)).catch(
      (error: unknown) => {
        process.stderr.write(`${messageOf(error)}\n`);
        return 1;
      },
    );
    process.exit(code);
  }
  let logger: Logger;
  try {
    logger = createLogger();
  } catch (error) {
    process.stderr.write(`${messageOf(error)}\n`);
    process.exit(1);
  }
  try {
    const port = integerVariable({
      name: 'PORT',
      fallback: DEFAULT_PORT,
      maximum: 65_535,
    });
    const graceMs = integerVariable({
      name: 'SWITCHYARD_SHUTDOWN_GRACE_MS',
      fallback: DEFAULT_SHUTDOWN_GRACE_MS,
      maximum: 3_600_000,
    });
    const sweepIntervalMs = integerVariable({
      name: 'SWITCHYARD_SWEEP_INTERVAL_MS',
      fallback: DEFAULT_SWEEP_INTERVAL_MS,
      maximum: 3_600_000,
    });
    const jobLeaseMs = integerVariable({
      name: 'SWITCHYARD_JOB_LEASE_MS',
      fallback: DEFAULT_JOB_LEASE_MS,
      maximum: 3_600_000,
    });
    const tracing = await startTracing(process.env);
    if (tracing !== undefined) logger.info('OpenTelemetry tracing started');
    const server = await createServer({
      logger,
      sweepIntervalMs,
      jobLeaseMs,
      port,
      hostname: process.env.HOST || DEFAULT_HOSTNAME,
      shutdownGraceMs: graceMs,
    });
    logger.info({ url: server.url }, `Switchyard listening on ${server.url}`);

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
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal({ file: error.file, issues: error.issues }, error.message);
    } else {
      logger.fatal({ err: error }, `start-up failed: ${messageOf(error)}`);
    }
    process.exit(1);
  }
}

function integerVariable(options: {
  name: string;
  fallback: number;
  maximum: number;
}): number {
  const text = process.env[options.name];
  if (text === undefined || text.trim() === '') return options.fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > options.maximum) {
    throw new Error(
      `${options.name} must be a whole number from 0 to ${options.maximum}, not "${text}".`,
    );
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

void main();
