import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createFakeUpstream,
  fixtureResponse,
  type FakeResponse,
  type FakeUpstream,
} from '@switchyard/testing';
import {
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../../__tests__/test-server';
import type { Logger } from '../../logger';
import type { HealthScheduler } from '../scheduler';

/** The fake OpenAI's models listing: what its instance's probe reads. */
export const MODELS = 'GET /v1/models';
/** The probe interval of the test configs: each `tick` moves the clock by it. */
export const INTERVAL_MS = 30_000;

/** A models listing OpenAI would answer. */
export const MODELS_OK: FakeResponse = {
  type: 'json',
  body: { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] },
};
/** OpenAI's recorded 500. */
export const MODELS_FAILING = fixtureResponse(
  'openai/error-500.server-error.json',
);

/** A server whose `openai` instance is a fake on 127.0.0.1, driven by an injected clock. */
export interface HealthHarness {
  harness: TestServer;
  upstream: FakeUpstream;
  /** Moves the clock one probe interval on and runs one probe round. */
  tick(): Promise<void>;
  /** Moves the clock on without probing. */
  advance(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

/**
 * Starts a server with `openai` (text and image) on a fake upstream and
 * `local` (text), its health monitor on a clock the test moves and a
 * scheduler that never fires. `extraYaml` adds top-level config keys.
 */
export async function startHealthServer(
  options: {
    extraYaml?: string;
    /** More `health` keys, as YAML flow pairs. */
    health?: string;
    logger?: Logger;
    /** Default: one that never fires. */
    scheduler?: HealthScheduler;
  } = {},
): Promise<HealthHarness> {
  const upstream = await createFakeUpstream({
    [MODELS]: { response: MODELS_OK },
    'POST /v1/chat/completions': { response: MODELS_FAILING },
  });
  let clock = Date.UTC(2026, 0, 1);
  const harness = await startTestServer({
    logger: options.logger,
    health: {
      now: () => clock,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    },
    config: configFromYaml(`
${options.extraYaml ?? ''}
health: { probeIntervalMs: ${INTERVAL_MS}${options.health ? `, ${options.health}` : ''} }
providers:
  openai: { apiKey: "sk-health-test-key", baseURL: "${upstream.url}/v1" }
  local: {}
routes:
  text: { targets: ["openai:gpt-4o-mini", "local:echo"], retry: { maxAttempts: 1 } }
  image: { targets: ["openai:dall-e-3"] }
`),
  });
  const monitor = harness.server.gateway.healthMonitor;
  return {
    harness,
    upstream,
    async tick() {
      clock += INTERVAL_MS;
      await monitor.probeNow();
    },
    advance(ms) {
      clock += ms;
    },
    now: () => clock,
    async close() {
      await harness.close();
      await upstream.close();
    },
  };
}

/** One POST a receiver got. */
export interface ReceivedPost {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A local webhook receiver that answers 200 and hands out what it got, in order. */
export interface WebhookReceiver {
  url: string;
  /** Resolves once `count` POSTs have come (counting those already here). */
  received(count: number): Promise<ReceivedPost[]>;
  close(): void;
}

/** Starts a {@link WebhookReceiver} on 127.0.0.1. */
export async function startReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posts.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.end();
      for (const waiter of waiters) {
        if (posts.length >= waiter.count) waiter.resolve();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    async received(count) {
      if (posts.length < count) {
        await new Promise<void>((resolve) => waiters.push({ count, resolve }));
      }
      return posts.slice(0, count);
    },
    close: () => server.close(),
  };
}
