import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { createSqlStore } from '@switchyard/store-sql';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from './__tests__/server-process';
import {
  clientWithKey,
  configFromYaml,
  startTestServer,
} from './__tests__/test-server';
import { hashRequest } from './gateway/idempotency';
import { createLogger } from './logger';

/** Past the route's deadline (60 s) and the claim's margin: the first process's claim has lapsed. */
const LATER_MS = 10 * 60_000;

describe('an idempotency key whose process was killed mid-call (issue 11)', () => {
  let directory: string;
  let upstream: FakeUpstream;
  let firstCallArrived: () => void;
  const firstCall = new Promise<void>((resolve) => {
    firstCallArrived = resolve;
  });
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-crash-'));
    upstream = await createFakeUpstream({
      'POST /v1/chat/completions': {
        response: ({ callNumber }) => {
          if (callNumber > 0) {
            return fixtureResponse('openai/chat-completions.success.json');
          }
          firstCallArrived();
          return { type: 'hang' };
        },
      },
    });
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await upstream.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('should let a retry on the next server take the call over after kill -9, run it once and charge it once', async () => {
    const yaml = `
auth: { required: true }
store: { url: "sqlite:./crash.db" }
providers:
  openai: { apiKey: sk-crash-test, baseURL: "${upstream.url}/v1" }
routes:
  text: { targets: ["openai:gpt-4o-mini"], deadlineMs: 60000, retry: { maxAttempts: 1 } }
`;
    const file = join(directory, 'crash.yaml');
    await writeFile(file, yaml);
    const url = `sqlite:${join(directory, 'crash.db')}`;
    const setup = await createSqlStore({ url });
    const credits = 100_000_000;
    const { key, record } = await setup.apiKeys.create({
      name: 'crash',
      credits,
    });
    await setup.close();
    const input = {
      type: 'text' as const,
      prompt: 'Say hi.',
      idempotencyKey: 'order-1',
    };

    const first = startMain({ SWITCHYARD_CONFIG: file });
    children.push(first.child);
    const listening = await first.waitFor(
      (line) => typeof line.url === 'string',
    );
    const lost = clientWithKey(listening.url as string, key)
      .generate.mutate(input)
      .catch((error: unknown) => error);
    await firstCall;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await lost).toBeInstanceOf(Error);

    // The next server reads the same file, its clock past the lapsed claim.
    const store = await createSqlStore({
      url,
      now: () => Date.now() + LATER_MS,
    });
    const second = await startTestServer({
      config: configFromYaml(yaml),
      store,
    });
    try {
      const client = clientWithKey(second.server.url, key);
      const results = await Promise.all(
        Array.from({ length: 4 }, () => client.generate.mutate(input)),
      );
      const [result] = results;
      expect(result).toMatchObject({ type: 'text', provider: 'openai' });
      for (const other of results) expect(other).toEqual(result);
      // The killed server's call, then exactly one run by a retry.
      expect(upstream.calls).toHaveLength(2);

      const calls = await store.generations.list({
        keyId: record.id,
        limit: 10,
      });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        id: result?.id,
        status: 'succeeded',
        idempotencyKey: 'order-1',
      });
      // The killed call's hold (its server's leased slice) lapses unspent;
      // the run is charged once. The second server's own slice counts as
      // available in its view of the ledger.
      const { ledger } = second.server.store;
      await ledger.releaseExpired();
      const cost = result?.cost.microCredits ?? 0;
      expect(cost).toBeGreaterThan(0);
      expect(await ledger.balance(record.id)).toEqual({
        keyId: record.id,
        balance: credits - cost,
        reserved: 0,
        available: credits - cost,
      });
    } finally {
      await second.close();
      await store.close();
    }
  }, 30_000);

  it('should take the call over when its claim lapses while a retry waits for it', async () => {
    upstream.reset();
    const route = upstream.routes['POST /v1/chat/completions'];
    if (route !== undefined) {
      route.response = fixtureResponse('openai/chat-completions.success.json');
    }
    let clock = Date.now();
    const store = await createSqlStore({
      url: 'sqlite::memory:',
      now: () => clock,
    });
    let waiting: () => void = () => undefined;
    const retryWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (chunk.toString('utf8').includes('generate waits for the call'))
          waiting();
        callback();
      },
    });
    const harness = await startTestServer({
      config: configFromYaml(`
auth: { required: true }
providers:
  openai: { apiKey: sk-crash-test, baseURL: "${upstream.url}/v1" }
routes:
  text: { targets: ["openai:gpt-4o-mini"], deadlineMs: 60000, retry: { maxAttempts: 1 } }
`),
      store,
      logger: createLogger({ level: 'info', destination }),
    });
    try {
      const { key, record } = await store.apiKeys.create({
        name: 'waits',
        credits: 100_000_000,
      });
      const input = {
        type: 'text' as const,
        prompt: 'Say hi.',
        idempotencyKey: 'order-2',
      };
      // A process claimed the key, then stopped without a word.
      await store.generations.begin({
        id: 'gen_left',
        keyId: record.id,
        idempotencyKey: 'order-2',
        requestHash: hashRequest(input),
        route: 'text',
        owner: 'stopped-process',
        ttlMs: 65_000,
      });
      const retry = clientWithKey(harness.server.url, key).generate.mutate(
        input,
      );
      await retryWaits;
      expect(upstream.calls).toHaveLength(0);
      clock += 65_000; // the claim lapses while the retry waits
      const result = await retry;
      expect(result).toMatchObject({ id: 'gen_left', provider: 'openai' });
      expect(upstream.calls).toHaveLength(1);
      expect(await store.generations.get('gen_left')).toMatchObject({
        status: 'succeeded',
        costMicroCredits: result.cost.microCredits,
      });
    } finally {
      await harness.close();
      await store.close();
    }
  });
});
