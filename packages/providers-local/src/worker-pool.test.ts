import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLocal } from './index';
import { renderProceduralImage } from './procedural-image';
import { IN_PLACE_PIXEL_LIMIT, renderInPool } from './worker-pool';

describe('the media worker pool', () => {
  it('should render the same bytes in a worker thread as in place', async () => {
    const options = {
      prompt: 'a fox in the snow',
      negativePrompt: 'blur',
      seed: 4_294_967_295,
      // Past the in-place limit, so it goes to a worker thread.
      width: 192,
      height: 128,
    };
    expect(options.width * options.height).toBeGreaterThan(
      IN_PLACE_PIXEL_LIMIT,
    );
    const inWorker = await renderInPool(options);
    expect(inWorker).toEqual({
      base64: renderProceduralImage(options).png.toString('base64'),
      width: 192,
      height: 128,
    });
  });

  it('should keep the event loop turning while a large image renders', async () => {
    // A health endpoint on this process's event loop, as the gateway's /healthz is.
    const health = createServer((_request, response) => response.end('ok'));
    health.listen(0, '127.0.0.1');
    await once(health, 'listening');
    const { port } = health.address() as AddressInfo;
    try {
      const model = createLocal().imageModel('procedural');
      let rendered = false;
      const render = model
        .generate(
          { prompt: 'a large fox', n: 16, width: 1024, height: 1024 },
          {},
        )
        .finally(() => {
          rendered = true;
        });
      // Rendering in place would finish before any of this could run.
      const answers: string[] = [];
      for (let call = 0; call < 3; call += 1) {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        answers.push(await response.text());
      }
      expect({ answers, rendered }).toEqual({
        answers: ['ok', 'ok', 'ok'],
        rendered: false,
      });
      const result = await render;
      expect(result.images).toHaveLength(16);
      expect(result.images[15]).toMatchObject({ width: 1024, height: 1024 });
    } finally {
      health.close();
    }
  }, 60_000);

  it('should keep the event loop turning while a long text is spoken', async () => {
    const health = createServer((_request, response) => response.end('ok'));
    health.listen(0, '127.0.0.1');
    await once(health, 'listening');
    const { port } = health.address() as AddressInfo;
    try {
      const model = createLocal().speechModel?.('speech');
      let spoken = false;
      // About 4,000 characters: seconds of eSpeak work.
      const speech = model
        ?.generate({ text: 'A long sentence to say. '.repeat(160) }, {})
        .finally(() => {
          spoken = true;
        });
      const answers: string[] = [];
      for (let call = 0; call < 3; call += 1) {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        answers.push(await response.text());
      }
      expect({ answers, spoken }).toEqual({
        answers: ['ok', 'ok', 'ok'],
        spoken: false,
      });
      expect((await speech)?.audio.durationMs).toBeGreaterThan(60_000);
    } finally {
      health.close();
    }
  }, 60_000);
});
