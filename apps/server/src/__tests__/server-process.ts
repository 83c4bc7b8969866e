import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));

export interface LogLine {
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

/** Starts `src/main.ts` the way `pnpm dev` does, and reads its JSON log lines. */
export function startMain(environment: Record<string, string>) {
  const childEnvironment: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    ...environment,
  };
  delete childEnvironment.VITEST;
  delete childEnvironment.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    ['--conditions=@switchyard/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: SERVER_DIRECTORY,
      env: childEnvironment,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: LogLine[] = [];
  const waiters: Array<{
    matches: (line: LogLine) => boolean;
    resolve: (line: LogLine) => void;
  }> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on(
    'line',
    (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (!waiter.matches(line)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    /** Resolves with the first log line (past or future) that matches. */
    waitFor(matches: (line: LogLine) => boolean): Promise<LogLine> {
      const seen = lines.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ matches, resolve });
        void exited.then((code) =>
          reject(
            new Error(
              `main exited (${code}) first; stderr: ${stderr}; stdout: ${JSON.stringify(lines)}`,
            ),
          ),
        );
      });
    },
  };
}
