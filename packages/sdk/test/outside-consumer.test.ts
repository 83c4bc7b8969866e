import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  cp,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SDK_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONSUMER_TEMPLATE = join(SDK_DIRECTORY, 'test/consumer');
const SERVER_MAIN = join(ROOT, 'apps/server/dist/main.js');
const PNG_SIGNATURE = '89504e470d0a1a0a';
const TYPESCRIPT_VERSION = '5.9.3';

/** pnpm as the repo pins it: the one running the tests, else through npx. */
async function pnpmCommand(): Promise<{ command: string; prefix: string[] }> {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath)) {
    return { command: process.execPath, prefix: [execPath] };
  }
  const manifest = JSON.parse(
    await readFile(join(ROOT, 'package.json'), 'utf8'),
  ) as { packageManager: string };
  return { command: 'npx', prefix: ['--yes', manifest.packageManager] };
}

/** Starts the built server on a free port with its embedded defaults. */
async function startBuiltServer(cwd: string): Promise<{
  url: string;
  child: ChildProcess;
}> {
  const environment: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  delete environment.SWITCHYARD_CONFIG;
  delete environment.NODE_OPTIONS;
  // In the consumer's folder, so the embedded store's file lands there.
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd,
    env: environment,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({
    input: child.stdout as NodeJS.ReadableStream,
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the server exited (${String(code)}) before listening`);
  });
  const listening = (async () => {
    for await (const text of lines) {
      const line = JSON.parse(text) as { url?: string };
      if (line.url !== undefined) return line.url;
    }
    throw new Error('the server closed its output before listening');
  })();
  return { url: await Promise.race([listening, exited]), child };
}

describe('an SDK consumer in another repo', () => {
  let directory: string;
  let server: { url: string; child: ChildProcess } | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-consumer-'));
    const pnpm = await pnpmCommand();
    await run(
      pnpm.command,
      [...pnpm.prefix, 'pack', '--pack-destination', directory],
      {
        cwd: SDK_DIRECTORY,
      },
    );
    const tarball = (await readdir(directory)).find((name) =>
      name.endsWith('.tgz'),
    );
    if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
    await cp(CONSUMER_TEMPLATE, directory, { recursive: true });
    const manifestPath = join(directory, 'package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<
      string,
      unknown
    >;
    manifest.dependencies = { '@switchyard/sdk': `file:./${tarball}` };
    // tRPC asks for TypeScript as a peer; the consumer brings its own, pinned.
    manifest.devDependencies = { typescript: TYPESCRIPT_VERSION };
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    // Only the tarball and what it declares: no workspace, no hoisted copies.
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
      ],
      { cwd: directory },
    );
    server = await startBuiltServer(directory);
  }, 180_000);

  afterAll(async () => {
    if (server !== undefined) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await rm(directory, { recursive: true, force: true });
  });

  it('should install only the SDK and @trpc/* beside its own TypeScript', async () => {
    const scopes = await readdir(join(directory, 'node_modules'));
    expect(scopes.filter((name) => !name.startsWith('.')).sort()).toEqual([
      '@switchyard',
      '@trpc',
      'typescript',
    ]);
    expect(await readdir(join(directory, 'node_modules/@switchyard'))).toEqual([
      'sdk',
    ]);
  });

  it('should type-check with skipLibCheck false', async () => {
    const result = await run(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
      {
        cwd: directory,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(
        `tsc failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
    });
    expect(result.stderr).toBe('');
  }, 120_000);

  it('should generate an image through a running server', async () => {
    const script = `import('./dist/consumer.js').then(async (consumer) => {
      const image = await consumer.generateImage(process.argv[1]);
      const code = await consumer.invalidRequestCode(process.argv[1]);
      process.stdout.write(JSON.stringify({ image, code }));
    });`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, server?.url ?? ''],
      { cwd: directory },
    );
    const { image, code } = JSON.parse(stdout) as {
      image: {
        provider: string;
        model: string;
        fallbackUsed: boolean;
        attempts: unknown[];
        mimeType: string;
        base64: string;
      };
      code: string;
    };
    expect(image).toMatchObject({
      provider: 'local',
      model: 'procedural',
      fallbackUsed: false,
      attempts: [{ provider: 'local', outcome: 'success' }],
      mimeType: 'image/png',
    });
    expect(
      Buffer.from(image.base64, 'base64').subarray(0, 8).toString('hex'),
    ).toBe(PNG_SIGNATURE);
    expect(code).toBe('invalid_request');
  }, 60_000);

  it('should run the README examples: a job, a webhook check and a mixed batch with one failure', async () => {
    const secret = 'whsec-consumer-test';
    const script = `import('./dist/examples.js').then(async (examples) => {
      const { createHmac } = await import('node:crypto');
      const job = await examples.runImageJob(process.argv[1]);
      const rawBody = JSON.stringify({ type: 'job.succeeded', job });
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', process.argv[2])
        .update(timestamp + '.' + rawBody)
        .digest('hex');
      const event = await examples.readWebhook({
        secret: process.argv[2],
        rawBody,
        headers: {
          'x-switchyard-signature': 'v1=' + signature,
          'x-switchyard-timestamp': timestamp,
        },
      });
      const forged = await examples
        .readWebhook({
          secret: process.argv[2],
          rawBody: rawBody.replace('succeeded', 'failed'),
          headers: {
            'x-switchyard-signature': 'v1=' + signature,
            'x-switchyard-timestamp': timestamp,
          },
        })
        .then(() => 'accepted', (error) => error.name);
      const batch = await examples.mixedBatch(process.argv[1]);
      process.stdout.write(JSON.stringify({ job, event, forged, batch }));
    });`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, server?.url ?? '', secret],
      { cwd: directory },
    );
    const { job, event, forged, batch } = JSON.parse(stdout) as {
      job: { id: string; status: string; result?: { provider: string } };
      event: { type: string; job: { id: string } };
      forged: string;
      batch: unknown[];
    };
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { provider: 'local' },
    });
    expect(event).toMatchObject({ type: 'job.succeeded', job: { id: job.id } });
    expect(forged).toBe('SwitchyardWebhookError');
    expect(batch).toEqual([
      { index: 0, ok: true, type: 'image' },
      { index: 1, ok: true, type: 'text' },
      { index: 2, ok: false, code: expect.any(String) },
    ]);
  }, 60_000);
});
