import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobRecord, SwitchyardStore } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobLeftByGoneProcess } from '../__tests__/job-fixtures';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { createLogger } from '../logger';
import { createWebhookSender } from './webhooks';

describe('job webhooks', () => {
  let guarded: TestServer;
  let open: TestServer;
  let receiver: WebhookReceiver;
  const statuses = [503, 200];

  beforeAll(async () => {
    receiver = await startReceiver(() => statuses.shift() ?? 200);
    const config = (allowPrivateNetworks: boolean) =>
      configFromYaml(`
webhooks: { secret: "whsec-test-0123456789", allowPrivateNetworks: ${allowPrivateNetworks}, baseDelayMs: 20 }
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`);
    guarded = await startTestServer({ config: config(false) });
    open = await startTestServer({ config: config(true) });
  });
  afterAll(async () => {
    await guarded.close();
    await open.close();
    receiver.close();
  });

  it('should refuse webhooks into loopback or private networks unless the config allows them', async () => {
    for (const webhookUrl of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'http://10.1.2.3/hook',
      'http://[::1]:9/hook',
    ]) {
      const refused = await clientError(
        guarded.client.jobs.submit.mutate({
          type: 'text',
          prompt: 'hi',
          webhookUrl,
        }),
      );
      expect(refused.data?.code).toBe('invalid_request');
      expect(refused.message).toMatch(/Webhook refused: .*(loopback|private)/);
    }
    const notHttp = await clientError(
      guarded.client.jobs.submit.mutate({
        type: 'text',
        prompt: 'hi',
        webhookUrl: 'file:///etc/passwd',
      }),
    );
    expect(notHttp.data?.issues).toEqual([
      expect.objectContaining({ path: 'webhookUrl' }),
    ]);
    // Nothing was stored for the refused submissions.
    expect((await guarded.client.jobs.list.query({})).items).toEqual([]);
  });

  it('should record every delivery attempt and retry until the receiver accepts', async () => {
    const { port } = receiver;
    const job = await open.client.jobs.submit.mutate({
      type: 'text',
      prompt: 'tell me when done',
      webhookUrl: `http://127.0.0.1:${port}/hook`,
    });
    await vi.waitFor(
      async () =>
        expect((await open.store.jobs.get(job.id))?.webhookState).toBe(
          'delivered',
        ),
      { timeout: 5_000 },
    );
    expect(
      (await open.store.jobs.listDeliveries(job.id)).map((delivery) => [
        delivery.attempt,
        delivery.statusCode,
      ]),
    ).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('should deliver a pending webhook from one process at a time when several resume it', async () => {
    const counting = await startReceiver(() => 204);
    const store = open.store;
    const { id } = await endedJobWithWebhook(
      store,
      `http://127.0.0.1:${counting.port}/once`,
    );
    const replicas = ['a', 'b', 'c'].map((name) =>
      createWebhookSender({
        jobs: store.jobs,
        settings: {
          secret: 'whsec-test-0123456789',
          allowPrivateNetworks: true,
        },
        logger: createLogger({ level: 'silent' }),
        owner: `replica_${name}`,
      }),
    );
    try {
      await Promise.all(replicas.map((replica) => replica.resumePending()));
      await vi.waitFor(async () =>
        expect((await store.jobs.get(id))?.webhookState).toBe('delivered'),
      );
      expect(counting.posts).toEqual(['/once']);
      expect(await store.jobs.listDeliveries(id)).toHaveLength(1);
    } finally {
      counting.close();
    }
  });
  it('should let another process send the next attempt when it is due after the sender died waiting for it', async () => {
    const answers = [503, 204];
    const target = await startReceiver(() => answers.shift() ?? 500);
    const { port } = target;
    const { id, ...ended } = await endedJobWithWebhook(
      open.store,
      `http://127.0.0.1:${port}/hook`,
    );
    const settings = {
      secret: 'whsec-test-0123456789',
      allowPrivateNetworks: true,
      baseDelayMs: 100,
      timeoutMs: 500,
    };
    // The first sender's store stops answering once it has leased the wait
    // before its second attempt: the process is gone.
    let claims = 0;
    const dying: SwitchyardStore['jobs'] = Object.create(open.store.jobs);
    dying.claimWebhook = async (claim) => {
      claims += 1;
      const held = await open.store.jobs.claimWebhook(claim);
      if (claims === 2) await new Promise(() => undefined);
      return held;
    };
    const first = createWebhookSender({
      jobs: dying,
      settings,
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_dying',
    });
    const second = createWebhookSender({
      jobs: open.store.jobs,
      settings,
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_taking_over',
    });
    try {
      void first.deliver({ id, ...ended });
      await vi.waitFor(() => expect(claims).toBe(2));
      // Well under the 5 minutes a lease covering the longest wait would hold it.
      await vi.waitFor(
        async () => {
          await second.resumePending();
          expect((await open.store.jobs.get(id))?.webhookState).toBe(
            'delivered',
          );
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(
        (await open.store.jobs.listDeliveries(id)).map((delivery) => [
          delivery.attempt,
          delivery.statusCode,
        ]),
      ).toEqual([
        [1, 503],
        [2, 204],
      ]);
    } finally {
      target.close();
    }
  }, 20_000);

  it('should refuse to connect when the host resolves to a private address only at delivery (DNS rebinding)', async () => {
    const target = await startReceiver(() => 204);
    const { port } = target;
    const { id, ...ended } = await endedJobWithWebhook(
      open.store,
      `http://rebinding.example:${port}/hook`,
    );
    const answers = [['93.184.216.34']];
    const sender = createWebhookSender({
      jobs: open.store.jobs,
      settings: { secret: 'whsec-test-0123456789', maxAttempts: 1 },
      logger: createLogger({ level: 'silent' }),
      owner: 'replica_rebinding',
      // Public when the URL is checked, loopback when the connection resolves it.
      resolve: () => Promise.resolve(answers.shift() ?? ['127.0.0.1']),
    });
    try {
      await sender.deliver({ id, ...ended });
      expect(target.posts).toEqual([]);
      const [delivery] = await open.store.jobs.listDeliveries(id);
      expect(delivery?.error).toMatch(/Webhook refused: .*loopback/);
      expect((await open.store.jobs.get(id))?.webhookState).toBe('failed');
    } finally {
      target.close();
    }
  });
});

/** A failed job whose webhook is still to be delivered, left by a process that is gone. */
function endedJobWithWebhook(
  store: SwitchyardStore,
  webhookUrl: string,
): Promise<JobRecord> {
  return jobLeftByGoneProcess(store, {
    webhookUrl,
    changes: { status: 'failed', errorCode: 'overloaded' },
  });
}

describe('a job with a webhook on a gateway without webhooks', () => {
  it('should be refused, naming the config to add', async () => {
    const harness = await startTestServer({
      config: configFromYaml(`
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`),
    });
    try {
      const refused = await clientError(
        harness.client.jobs.submit.mutate({
          type: 'text',
          prompt: 'hi',
          webhookUrl: 'https://example.com/hook',
        }),
      );
      expect(refused.message).toContain('webhooks.secret');
    } finally {
      await harness.close();
    }
  });
});

/** A webhook receiver on 127.0.0.1 answering each POST with `status()`. */
interface WebhookReceiver {
  port: number;
  /** The paths POSTed to, in order. */
  posts: string[];
  close(): void;
}

async function startReceiver(status: () => number): Promise<WebhookReceiver> {
  const posts: string[] = [];
  const server: Server = createHttpServer((request, response) => {
    posts.push(request.url ?? '');
    response.statusCode = status();
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    posts,
    close: () => server.close(),
  };
}
