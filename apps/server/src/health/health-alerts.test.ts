import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../__tests__/test-server';
import {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  signWebhook,
} from '../jobs/webhooks';
import {
  MODELS,
  MODELS_FAILING,
  MODELS_OK,
  startHealthServer,
  startReceiver,
  type HealthHarness,
  type ReceivedPost,
  type WebhookReceiver,
} from './__tests__/health-server';
import type { HealthChangedEvent } from './health-alerts';

const SECRET = 'whsec-health-alerts-0123456789';

describe('health.changed alerts', () => {
  let receiver: WebhookReceiver;
  let server: HealthHarness;
  const { logger, lines } = createCapturingLogger('info');

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startHealthServer({
      logger,
      extraYaml: `webhooks: { secret: "${SECRET}", allowPrivateNetworks: true }`,
      health: `alerts: { webhookUrl: "${receiver.url}" }`,
    });
  });
  afterAll(async () => {
    await server.close();
    receiver.close();
  });

  /** The posts' events, each checked against its signature. */
  const verified = (posts: ReceivedPost[]): HealthChangedEvent[] =>
    posts.map((post) => {
      const timestamp = Number(post.headers[WEBHOOK_TIMESTAMP_HEADER]);
      expect(post.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(
        signWebhook({ secret: SECRET, timestamp, body: post.body }),
      );
      return JSON.parse(post.body) as HealthChangedEvent;
    });
  const byScope = (events: HealthChangedEvent[]) =>
    [...events].sort((a, b) =>
      `${a.scope}${a.target ?? ''}`.localeCompare(
        `${b.scope}${b.target ?? ''}`,
      ),
    );

  it('should POST a signed event for each target and the system when they turn worse, then better', async () => {
    const { upstream, tick } = server;
    upstream.routes[MODELS] = { response: MODELS_FAILING };
    for (let round = 0; round < 3; round += 1) await tick();
    const at = server.now();
    const worse = verified(await receiver.received(3));
    expect(byScope(worse)).toEqual([
      {
        type: 'health.changed',
        scope: 'system',
        from: 'healthy',
        to: 'critical',
        at,
        reason: 'type-without-target',
        message: expect.stringContaining('no image target is up'),
      },
      {
        type: 'health.changed',
        scope: 'target',
        target: 'openai:dall-e-3',
        from: 'healthy',
        to: 'down',
        at,
        reason: 'consecutive-failures',
        message: expect.stringContaining('3 failures in a row'),
      },
      expect.objectContaining({
        scope: 'target',
        target: 'openai:gpt-4o-mini',
        to: 'down',
      }),
    ]);
    // The log says it too, as a warning; no credential in either.
    const warnings = lines.filter(
      (line) =>
        line.includes('"health.changed"') && line.includes('"level":40'),
    );
    expect(warnings).toHaveLength(3);
    expect(JSON.stringify(worse)).not.toContain('sk-health-test-key');

    upstream.routes[MODELS] = { response: MODELS_OK };
    await tick();
    const better = verified(await receiver.received(6)).slice(3);
    expect(byScope(better)).toEqual([
      expect.objectContaining({
        scope: 'system',
        from: 'critical',
        to: 'healthy',
        reason: 'recovered',
      }),
      expect.objectContaining({
        target: 'openai:dall-e-3',
        from: 'down',
        to: 'healthy',
        reason: 'recovered',
      }),
      expect.objectContaining({ target: 'openai:gpt-4o-mini', to: 'healthy' }),
    ]);
    const infos = lines.filter(
      (line) =>
        line.includes('"health.changed"') && line.includes('"level":30'),
    );
    expect(infos).toHaveLength(3);
  });
});
