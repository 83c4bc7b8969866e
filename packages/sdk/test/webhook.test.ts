import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSwitchyardClient } from '@switchyard/sdk';
import {
  SwitchyardWebhookError,
  verifySwitchyardWebhook,
} from '@switchyard/sdk/server';
import { startGateway } from './start-gateway';

const SECRET = 'whsec-test-0123456789abcdef';

/** A job's webhook, from a real server to a receiver that fails once, checked with the SDK helper. */
describe('verifySwitchyardWebhook', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let receiver: Server;
  const received: Array<{
    body: string;
    headers: Record<string, string | string[] | undefined>;
  }> = [];

  beforeAll(async () => {
    receiver = createHttpServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ body, headers: request.headers });
        // The first delivery fails: the gateway must retry.
        response.statusCode = received.length === 1 ? 500 : 204;
        response.end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    gateway = await startGateway(`
auth: { required: false }
store: { url: "sqlite::memory:" }
webhooks: { secret: "${SECRET}", allowPrivateNetworks: true, baseDelayMs: 50 }
providers: { local: {} }
routes: { image: { targets: ["local:procedural"] } }
`);
  });
  afterAll(async () => {
    await gateway.close();
    receiver.close();
  });

  it('should accept the signed final event of a job, retried after a failed delivery', async () => {
    const client = createSwitchyardClient({ url: gateway.server.url });
    const { port } = receiver.address() as AddressInfo;
    const job = await client.jobs.submit.mutate({
      type: 'image',
      prompt: 'a lighthouse',
      width: 64,
      height: 64,
      webhookUrl: `http://127.0.0.1:${port}/hooks`,
    });
    await vi.waitFor(() => expect(received).toHaveLength(2), {
      timeout: 5_000,
    });
    const delivery = received[1];
    if (delivery === undefined) throw new Error('no delivery');

    const event = await verifySwitchyardWebhook({
      secret: SECRET,
      body: delivery.body,
      headers: delivery.headers,
    });
    expect(event.type).toBe('job.succeeded');
    expect(event.job).toMatchObject({
      id: job.id,
      status: 'succeeded',
      result: { type: 'image', provider: 'local' },
    });
    expect(event.job).toEqual(await client.jobs.get.query({ id: job.id }));

    const tampered = delivery.body.replace('succeeded', 'failed');
    await expect(
      verifySwitchyardWebhook({
        secret: SECRET,
        body: tampered,
        headers: delivery.headers,
      }),
    ).rejects.toThrow(SwitchyardWebhookError);
    await expect(
      verifySwitchyardWebhook({
        secret: 'another-secret-0123456789',
        body: delivery.body,
        headers: delivery.headers,
      }),
    ).rejects.toThrow(/does not match/);
    await expect(
      verifySwitchyardWebhook({
        secret: SECRET,
        body: delivery.body,
        headers: delivery.headers,
        now: Number(delivery.headers['x-switchyard-timestamp']) + 600_000,
      }),
    ).rejects.toThrow(/tolerance/);
    await expect(
      verifySwitchyardWebhook({
        secret: SECRET,
        body: delivery.body,
        headers: {},
      }),
    ).rejects.toThrow(/headers/);
  });
});
