import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAR_MASK_BASE64, RED_PNG_BASE64 } from './media-samples';
import {
  consumerIn,
  wavPeak,
  type AudioResult,
  type ImageEditResult,
} from './modalities-harness';
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
  it('should speak a sentence offline (local) as a WAV of audible speech about as long as the text', async () => {
    const consumer = consumerIn(directory);
    const gateway = { url: server?.url ?? '' };
    const text = 'The quick brown fox jumps over the lazy dog.';
    const speech = await consumer<AudioResult>('speak', gateway, { text });
    expect(speech).toMatchObject({
      type: 'speech',
      provider: 'local',
      model: 'speech',
      audio: { format: 'wav', mimeType: 'audio/wav' },
    });
    const bytes = Buffer.from(speech.audio.base64 ?? '', 'base64');
    const { format } = await parseBuffer(bytes, { mimeType: 'audio/wav' });
    expect(format).toMatchObject({ container: 'WAVE', numberOfChannels: 1 });
    // Nine words: about 3 s at a speaking pace; 1.5 to 8 s is plausible speech.
    const seconds = format.duration ?? 0;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(8);
    expect(speech.audio.durationMs).toBeCloseTo(seconds * 1000, -1);
    expect(speech.audio.sampleRate).toBe(format.sampleRate);
    expect(wavPeak(bytes)).toBeGreaterThan(0.05); // not silence
  }, 30_000);

  it('should make music offline exactly as long as asked, and edit a picture with a mask', async () => {
    const consumer = consumerIn(directory);
    const gateway = { url: server?.url ?? '' };
    const music = await consumer<AudioResult>('compose', gateway, {
      prompt: 'a calm piano loop',
      durationMs: 2_500,
    });
    const bytes = Buffer.from(music.audio.base64 ?? '', 'base64');
    const { format } = await parseBuffer(bytes, { mimeType: 'audio/wav' });
    expect(music).toMatchObject({ provider: 'local', model: 'music' });
    expect(format.duration).toBeCloseTo(2.5, 2);
    expect(wavPeak(bytes)).toBeGreaterThan(0.05);
    const edit = await consumer<ImageEditResult>('editImage', gateway, {
      route: 'image',
      prompt: 'paint it blue',
      imageBase64: RED_PNG_BASE64,
      maskBase64: CLEAR_MASK_BASE64,
    });
    expect(edit.attempts).toMatchObject([
      { provider: 'local', model: 'procedural', outcome: 'success' },
    ]);
    const image = Buffer.from(edit.images[0]?.base64 ?? '', 'base64');
    expect(image.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(image.toString('base64')).not.toBe(RED_PNG_BASE64);
  }, 30_000);
});
