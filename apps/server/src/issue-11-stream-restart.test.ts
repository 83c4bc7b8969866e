import {
  createServer as createTcpServer,
  connect,
  type Socket,
} from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TextStreamEvent } from '@switchyard/core';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeSseResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFromYaml,
  startTestServer,
  subscriptionClient,
  type TestServer,
} from './__tests__/test-server';

const anthropicStream = fixtureResponse(
  'anthropic/messages.stream.txt',
) as FakeSseResponse;

/** Text has started after 8 chunks; then the upstream goes quiet for longer than any test. */
const stalledStream: FakeSseResponse = {
  ...anthropicStream,
  stall: { afterChunks: 8, ms: 120_000 },
};

const CONFIG = (upstreamUrl: string) =>
  configFromYaml(`
auth: { required: true }
providers:
  anthropic: { apiKey: sk-ant-test, baseURL: "${upstreamUrl}/anthropic/v1" }
routes:
  text:
    targets: ["anthropic:claude-haiku-4-5"]
    retry: { maxAttempts: 1 }
    chunkTimeoutMs: 120000
`);

/**
 * A stream through the client the SDK uses (tRPC's SSE link on the
 * `eventsource` package): every event, and a promise that settles when the
 * subscription stops by itself (the test never unsubscribes).
 */
function openStream(options: { url: string; key: string }) {
  const events: TextStreamEvent[] = [];
  const waiters: Array<() => void> = [];
  const client = subscriptionClient(options.url, options.key);
  let subscription: { unsubscribe(): void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    subscription = client.generateStream.subscribe(
      { type: 'text', prompt: 'Write a haiku.' },
      {
        onData({ data }) {
          events.push(data);
          for (const waiter of waiters.splice(0)) waiter();
        },
        onComplete: resolve,
        onError: reject,
      },
    );
  });
  return {
    events,
    stopped,
    unsubscribe: () => subscription?.unsubscribe(),
    /** Resolves once an event matching `matches` has come. */
    async waitFor(matches: (event: TextStreamEvent) => boolean) {
      while (!events.some(matches)) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

const deltasOf = (events: TextStreamEvent[]) =>
  events
    .map((event) => (event.type === 'text-delta' ? event.text : ''))
    .join('');

/** A TCP relay to `target` whose open connections a test can cut, as a network blip would. */
async function startRelay(target: number) {
  const sockets = new Set<Socket>();
  const relay = createTcpServer((client) => {
    const server = connect(target, '127.0.0.1');
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}

describe('a stream whose server stops or whose connection drops (issue 11)', () => {
  let upstream: FakeUpstream;

  beforeAll(async () => {
    upstream = await createFakeUpstream({
      // A second call (a stream run again) would get the whole answer.
      'POST /anthropic/v1/messages': {
        response: [stalledStream, anthropicStream],
      },
    });
  });
  afterAll(() => upstream.close());

  it('should end an open stream with a cancelled error carrying the text sent when the server stops past its grace period, charge nothing, and stop the subscription', async () => {
    upstream.reset();
    const harness: TestServer = await startTestServer({
      config: CONFIG(upstream.url),
    });
    const credits = 100_000_000;
    const { key, record } = await harness.store.apiKeys.create({
      name: 'stream',
      credits,
    });
    try {
      const stream = openStream({ url: harness.server.url, key });
      await stream.waitFor((event) => event.type === 'text-delta');
      await harness.server.close({ graceMs: 0 });
      await stream.stopped;

      const last = stream.events.at(-1);
      expect(last).toMatchObject({
        type: 'error',
        code: 'cancelled',
        message: expect.stringMatching(/server is shutting down/),
        incomplete: true,
        delivered: deltasOf(stream.events),
      });
      expect(deltasOf(stream.events).length).toBeGreaterThan(0);
      expect(upstream.calls).toHaveLength(1);
      expect(await upstream.calls[0]?.ended).toBe('closed-early');
      expect(await harness.store.ledger.balance(record.id)).toMatchObject({
        balance: credits,
        reserved: 0,
      });
      const calls = await harness.store.generations.list({
        keyId: record.id,
        limit: 5,
      });
      expect(calls.map((call) => [call.status, call.errorCode])).toEqual([
        ['failed', 'cancelled'],
      ]);
    } finally {
      await harness.close();
    }
  });

  it('should refuse a reconnect (it carries lastEventId) with an error event instead of generating again', async () => {
    upstream.reset();
    const harness = await startTestServer({ config: CONFIG(upstream.url) });
    const relay = await startRelay(harness.server.port);
    const { key, record } = await harness.store.apiKeys.create({
      name: 'reconnect',
      credits: 100_000_000,
    });
    try {
      const stream = openStream({ url: relay.url, key });
      await stream.waitFor((event) => event.type === 'text-delta');
      relay.cut(); // the client's EventSource reconnects with Last-Event-ID
      await stream.stopped;

      expect(stream.events.at(-1)).toMatchObject({
        type: 'error',
        code: 'cancelled',
        message: expect.stringMatching(/not run again/),
        incomplete: true,
      });
      expect(
        stream.events.filter((event) => event.type === 'attempt-start'),
      ).toHaveLength(1);
      expect(upstream.calls).toHaveLength(1);
      expect(await harness.store.ledger.balance(record.id)).toMatchObject({
        balance: 100_000_000,
        reserved: 0,
      });
    } finally {
      await relay.close();
      await harness.close();
    }
  }, 15_000);
});
