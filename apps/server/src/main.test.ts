import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlStore } from '@switchyard/store-sql';
import { startMain } from './__tests__/server-process';
import { FIXTURES_DIRECTORY } from './__tests__/test-server';
import type { AppRouter } from './router';

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
  }, 30_000);

  it('should free the credits a killed process held, once it restarts, and never charge them', async () => {
    const file = join(directory, 'crash.yaml');
    await writeFile(
      file,
      `
store: { url: "sqlite:./crash.db" }
providers:
  slow: { use: ${JSON.stringify(join(FIXTURES_DIRECTORY, 'priced-provider'))}, price: 100, latencyMs: 60000 }
routes:
  text: { targets: ["slow:answer"], deadlineMs: 1000 }
`,
    );
    const store = await createSqlStore({
      url: `sqlite:${join(directory, 'crash.db')}`,
    });
    const { key, record } = await store.apiKeys.create({
      name: 'crash',
      credits: 1_000,
    });
    const first = startMain({
      SWITCHYARD_CONFIG: file,
      SWITCHYARD_SWEEP_INTERVAL_MS: '100',
    });
    children.push(first.child);
    const listening = await first.waitFor(
      (line) => typeof line.url === 'string',
    );
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${listening.url as string}/trpc`,
          headers: { authorization: `Bearer ${key}` },
        }),
      ],
    });
    void client.generate
      .mutate({ type: 'text', prompt: 'hi' })
      .catch(() => undefined);
    await first.waitFor((line) => line.msg === 'engine attempt-start');
    // The server held the call's price before calling; now it dies mid-call.
    expect(await store.ledger.balance(record.id)).toMatchObject({
      reserved: 100,
    });
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await store.ledger.balance(record.id)).toMatchObject({
      reserved: 100,
    });

    const second = startMain({
      SWITCHYARD_CONFIG: file,
      SWITCHYARD_SWEEP_INTERVAL_MS: '100',
    });
    children.push(second.child);
    // The hold expires past the route's deadline (1 s) and a settling margin.
    await second.waitFor(
      (line) => line.msg === 'expired credit holds released',
    );
    expect(await store.ledger.balance(record.id)).toEqual({
      keyId: record.id,
      balance: 1_000,
      reserved: 0,
      available: 1_000,
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await store.close();
  }, 30_000);

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
  }, 30_000);
});
