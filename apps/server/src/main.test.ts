import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from './router';

const SERVER_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

interface LogLine {
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

/** Starts `src/main.ts` the way `pnpm dev` does, and reads its JSON log lines. */
function startMain(environment: Record<string, string>) {
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

describe('main', () => {
  let directory: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-main-'));
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(directory, { recursive: true, force: true });
  });

  it('should let an in-flight request finish on SIGTERM, then exit 0', async () => {
    const file = join(directory, 'slow.yaml');
    await writeFile(
      file,
      `
auth: { required: false }
providers:
  slow: { use: local, faults: { rate: 0, latencyMs: 1000 } }
routes:
  text: { targets: ["slow:echo"], retry: { maxAttempts: 1 } }
`,
    );
    const main = startMain({ SWITCHYARD_CONFIG: file });
    children.push(main.child);
    const listening = await main.waitFor(
      (line) => typeof line.url === 'string',
    );
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${listening.url as string}/trpc` })],
    });
    const call = client.generate.mutate({ type: 'text', prompt: 'goodbye' });
    await main.waitFor((line) => line.msg === 'engine attempt-start');
    main.child.kill('SIGTERM');

    const result = await call;
    expect(result).toMatchObject({ type: 'text', provider: 'slow' });
    expect(await main.exited).toBe(0);
    expect(main.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('shutting down'),
        'server closed',
      ]),
    );
  });

  it('should refuse to start on a bad config, naming the file and the field', async () => {
    const file = join(directory, 'bad.yaml');
    await writeFile(
      file,
      `
providers: { local: {} }
routes: { image: { targets: ["ghost:procedural"] } }
`,
    );
    const main = startMain({ SWITCHYARD_CONFIG: file });
    children.push(main.child);
    expect(await main.exited).toBe(1);
    const output = JSON.stringify(main.lines) + main.stderr();
    expect(output).toContain(file);
    expect(output).toContain('routes.image.targets[0]');
  });
});
