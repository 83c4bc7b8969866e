import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installPackedSdk,
  run,
  startBuiltServer,
  typeCheck,
  TYPESCRIPT_VERSION,
  type BuiltServer,
} from './packed-sdk';

const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('an SDK consumer in another repo', () => {
  let directory: string;
  let server: BuiltServer | undefined;

  beforeAll(async () => {
    directory = await installPackedSdk({
      template: 'consumer',
      devDependencies: { typescript: TYPESCRIPT_VERSION },
    });
    server = await startBuiltServer(directory);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('should install only the SDK, @trpc/* and eventsource beside its own TypeScript (no React)', async () => {
    const scopes = await readdir(join(directory, 'node_modules'));
    expect(scopes.filter((name) => !name.startsWith('.')).sort()).toEqual([
      '@switchyard',
      '@trpc',
      'eventsource',
      'eventsource-parser',
      'typescript',
    ]);
    expect(await readdir(join(directory, 'node_modules/@switchyard'))).toEqual([
      'sdk',
    ]);
  });

  it('should type-check with skipLibCheck false', async () => {
    expect(await typeCheck(directory)).toBe('');
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

  it('should run the README examples: a job, a webhook check, a mixed batch with one failure and a stream (Node 20, no EventSource given)', async () => {
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
      const streamed = await examples.streamText({ url: process.argv[1], prompt: 'hello' });
      process.stdout.write(JSON.stringify({ job, event, forged, batch, streamed }));
    });`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, server?.url ?? '', secret],
      { cwd: directory },
    );
    const { job, event, forged, batch, streamed } = JSON.parse(stdout) as {
      job: { id: string; status: string; result?: { provider: string } };
      event: { type: string; job: { id: string } };
      forged: string;
      batch: unknown[];
      streamed: string;
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
    expect(streamed).toBe('echo: hello');
  }, 60_000);
});
