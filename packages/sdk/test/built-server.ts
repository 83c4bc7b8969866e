import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SERVER_MAIN = fileURLToPath(
  new URL('../../../apps/server/dist/main.js', import.meta.url),
);

/** One JSON log line of the server. */
export interface LogLine {
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

/** A built gateway running in a child process. */
export interface BuiltServer {
  url: string;
  /** Every log line so far. */
  logs: LogLine[];
  /** Resolves with the first log line, past or future, that matches; rejects if the server exits first. */
  waitForLog(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** SIGTERM (a graceful shutdown), resolved once the process has exited. */
  stop(): Promise<void>;
}

/** The server's environment: ours without config, Node options or test flags, then `extra`. */
function serverEnvironment(
  extra: Record<string, string>,
): Record<string, string | undefined> {
  const environment: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  delete environment.SWITCHYARD_CONFIG;
  delete environment.NODE_OPTIONS;
  delete environment.VITEST;
  return { ...environment, ...extra };
}

/**
 * Starts the built server (`apps/server/dist/main.js`) on a free port, in
 * `cwd` (so the embedded store's file lands there), with its embedded
 * defaults or, through `environment`, a `SWITCHYARD_CONFIG` and its
 * variables. Its stdout is read to the end, so the server never blocks on
 * a full pipe.
 */
export async function startBuiltServer(
  cwd: string,
  options: { environment?: Record<string, string> } = {},
): Promise<BuiltServer> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd,
    env: serverEnvironment(options.environment ?? {}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on(
    'line',
    (text) => {
      const line = parseLine(text);
      logs.push(line);
      for (const waiter of [...waiters]) waiter(line);
    },
  );
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const waitForLog = (matches: (line: LogLine) => boolean) => {
    const seen = logs.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = (line: LogLine) => {
        if (!matches(line)) return;
        waiters.delete(waiter);
        resolve(line);
      };
      waiters.add(waiter);
      void exited.then((code) => {
        waiters.delete(waiter);
        const last = JSON.stringify(logs.at(-1) ?? {});
        reject(new Error(`the server exited (${code}); last log: ${last}`));
      });
    });
  };
  const listening = await waitForLog((line) => line.url !== undefined);
  return {
    url: listening.url as string,
    logs,
    waitForLog,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function parseLine(text: string): LogLine {
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return { msg: text };
  }
}

/**
 * Creates an API key with `credits` micro-credits through the server's own
 * command (`main.js keys create`), in the store `environment`'s
 * `SWITCHYARD_CONFIG` names. Resolves with the key.
 */
export async function createApiKey(options: {
  cwd: string;
  environment: Record<string, string>;
  name: string;
  credits: number;
}): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      SERVER_MAIN,
      'keys',
      'create',
      '--name',
      options.name,
      '--credits',
      String(options.credits),
    ],
    { cwd: options.cwd, env: serverEnvironment(options.environment) },
  );
  const key = /key \(shown once[^)]*\): (\S+)/.exec(stdout)?.[1];
  if (key === undefined) throw new Error(`no key printed: ${stdout}`);
  return key;
}
