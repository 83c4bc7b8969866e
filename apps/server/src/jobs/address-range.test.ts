import { randomUUID } from 'node:crypto';
import { createSqlStore } from '@switchyard/store-sql';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { PUBLIC_RANGE, addressRange } from './address-range';
import { assertWebhookTarget, createWebhookSender } from './webhooks';

/** [address, public?] — every IPv6 form that embeds an IPv4 address goes by that address. */
const TABLE: readonly (readonly [string, boolean])[] = [
  // Plain IPv4.
  ['127.0.0.1', false],
  ['10.1.2.3', false],
  ['169.254.169.254', false],
  ['8.8.8.8', true],
  // IPv4-mapped.
  ['::ffff:127.0.0.1', false],
  ['::ffff:7f00:1', false],
  ['::ffff:10.0.0.1', false],
  ['::ffff:8.8.8.8', true],
  // SIIT (RFC 6145).
  ['::ffff:0:7f00:1', false],
  ['::ffff:0:808:808', true],
  // IPv4-compatible.
  ['::7f00:1', false],
  ['::127.0.0.1', false],
  ['::a9fe:a9fe', false],
  ['::8.8.8.8', true],
  // NAT64 well-known prefix, and the local-use prefix.
  ['64:ff9b::7f00:1', false],
  ['64:ff9b::127.0.0.1', false],
  ['64:ff9b::c0a8:101', false],
  ['64:ff9b::808:808', true],
  ['64:ff9b:1::808:808', false],
  // 6to4.
  ['2002:7f00:1::', false],
  ['2002:c0a8:101::1', false],
  ['2002:808:808::1', true],
  // Teredo: server 65.54.227.120, client obfuscated (127.0.0.1 → 80ff:fffe; 8.8.8.8 → f7f7:f7f7).
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', false],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', true],
  ['2001:0:7f00:1:8000:63bf:f7f7:f7f7', false],
  // Non-public IPv6.
  ['::1', false],
  ['::', false],
  ['fc00::1', false],
  ['fd12:3456::1', false],
  ['fe80::1', false],
  ['ff02::1', false],
  ['2606:4700:4700::1111', true],
];

describe('addressRange', () => {
  it.each(TABLE)('should class %s as public: %s', (address, isPublic) => {
    expect(addressRange(address).range === PUBLIC_RANGE).toBe(isPublic);
  });

  it('should name the embedded address that decided', () => {
    expect(addressRange('::7f00:1')).toEqual({
      range: 'loopback',
      embedded: '127.0.0.1',
    });
  });
});

describe('assertWebhookTarget', () => {
  it.each(TABLE.filter(([, isPublic]) => !isPublic))(
    'should refuse http://[%s]/hook',
    async (address) => {
      const url = address.includes(':')
        ? `http://[${address}]/hook`
        : `http://${address}/hook`;
      await expect(
        assertWebhookTarget({ url, allowPrivateNetworks: false }),
      ).rejects.toThrow(/Webhook refused: /);
    },
  );

  it('should refuse a host that resolves to an IPv4-compatible loopback', async () => {
    await expect(
      assertWebhookTarget({
        url: 'https://hooks.example/x',
        allowPrivateNetworks: false,
        resolve: () => Promise.resolve(['::127.0.0.1']),
      }),
    ).rejects.toThrow(
      /loopback address \(::127\.0\.0\.1, embedding 127\.0\.0\.1\)/,
    );
  });
});

describe('the webhook dial-time guard', () => {
  it('should refuse to connect when the host resolves to an IPv4-compatible loopback at delivery', async () => {
    const store = await createSqlStore({ url: 'sqlite::memory:' });
    try {
      const id = `job_${randomUUID()}`;
      await store.jobs.create({
        id,
        keyId: '',
        input: { type: 'text', prompt: 'hi' },
        webhookUrl: 'http://rebinding.example:8080/hook',
      });
      await store.jobs.claim({ id, owner: 'gone', leaseMs: 1 });
      await store.jobs.update({
        id,
        owner: 'gone',
        changes: { status: 'failed', errorCode: 'overloaded' },
      });
      const job = await store.jobs.get(id);
      if (job === undefined) throw new Error('the job was not stored');
      const answers = [['93.184.216.34']];
      const sender = createWebhookSender({
        jobs: store.jobs,
        settings: { secret: 'whsec-test-0123456789', maxAttempts: 1 },
        logger: createLogger({ level: 'silent' }),
        owner: 'replica_guard',
        // Public when the URL is checked, IPv4-compatible loopback when the connection resolves it.
        resolve: () => Promise.resolve(answers.shift() ?? ['::7f00:1']),
      });
      await sender.deliver(job);
      const [delivery] = await store.jobs.listDeliveries(id);
      expect(delivery?.error).toMatch(
        /Webhook refused: .*loopback address \(::7f00:1, embedding 127\.0\.0\.1\)/,
      );
    } finally {
      await store.close();
    }
  });
});
