import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryArtifactStore,
  type ArtifactStore,
  type GeneratedVideo,
  type VideoResult,
} from '@switchyard/core';
import {
  createFakeUpstream,
  mp4Bytes,
  type FakeUpstream,
} from '@switchyard/testing';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { createLogger } from '../logger';
import {
  createArtifactKeeper,
  NOT_KEPT_CODE,
  type ArtifactKeeperSettings,
} from './keep-video';
import { createLocalBackend } from './local-backend';

/** A 2 s MP4 padded to some kilobytes (@switchyard/testing's writer). */
const VIDEO = Buffer.from(
  mp4Bytes({ durationMs: 2_000, width: 64, height: 48, padding: 4_000 }),
);
const logger = createLogger({ level: 'silent' });
const owner = { keyId: 'key_1', subject: 'alice', generationId: 'gen_1' };
const CLOCK = 1_800_000_000_000;

let upstream: FakeUpstream;
let directory: string;
let records: ArtifactStore;
beforeAll(async () => {
  upstream = await createFakeUpstream({
    '/video.mp4': {
      response: {
        type: 'binary',
        body: VIDEO,
        headers: { 'content-type': 'video/mp4' },
      },
    },
  });
});
afterAll(() => upstream.close());
beforeEach(async () => {
  upstream.reset();
  directory = await mkdtemp(join(tmpdir(), 'switchyard-keep-'));
  records = createMemoryArtifactStore({ now: () => CLOCK });
});
afterEach(() => rm(directory, { recursive: true, force: true }));

function keeperWith(settings: Partial<ArtifactKeeperSettings> = {}) {
  return createArtifactKeeper({
    backend: createLocalBackend({ directory }),
    retentionMs: 60_000,
    maxBytes: 1_000_000,
    inlineMaxBytes: 100,
    timeoutMs: 10_000,
    now: () => CLOCK,
    retryDelayMs: () => 0,
    ...settings,
  });
}

/** Keeps a video result holding `video`, with a keeper of `settings`. */
function keep(
  video: Partial<GeneratedVideo>,
  settings: Partial<ArtifactKeeperSettings> = {},
  store = records,
) {
  return keeperWith(settings).keepVideo({
    result: videoResult(video),
    owner,
    records: store,
    logger,
  });
}

function videoResult(video: Partial<GeneratedVideo>): VideoResult {
  return {
    type: 'video',
    id: 'gen_1',
    provider: 'vid',
    model: 'clip',
    fallbackUsed: false,
    attempts: [
      { provider: 'vid', model: 'clip', outcome: 'success', latencyMs: 1 },
    ],
    cost: { microCredits: 1 },
    cached: false,
    warnings: [],
    latencyMs: 1,
    video: {
      format: 'mp4',
      mimeType: 'video/mp4',
      durationMs: 2_000,
      ...video,
    },
  };
}

const sha256 = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex');

describe('createArtifactKeeper', () => {
  describe('keepVideo', () => {
    it('should download a URL video into the backend and record it for its owner', async () => {
      const url = `${upstream.url}/video.mp4`;
      const kept = await keep({ url });
      const artifact = kept.video.artifact;
      expect(artifact).toEqual({
        id: expect.stringMatching(/^art_[\w-]+$/) as string,
        path: `/artifacts/${artifact?.id}`,
        bytes: VIDEO.byteLength,
        sha256: sha256(VIDEO),
        expiresAt: new Date(CLOCK + 60_000).toISOString(),
      });
      // Without publicUrl, the provider's URL stays.
      expect(kept.video.url).toBe(url);
      expect(kept.warnings).toEqual([]);
      const record = await records.get(artifact?.id ?? '');
      expect(record).toMatchObject({
        ...owner,
        mimeType: 'video/mp4',
        expiresAt: CLOCK + 60_000,
      });
      expect(await readFile(join(directory, record?.location ?? ''))).toEqual(
        VIDEO,
      );
      expect(await readdir(directory)).toEqual([record?.location]);
    });

    it('should try a 5xx again and keep what the next try brings', async () => {
      upstream.routes['/video.mp4'] = {
        response: [
          { type: 'error', status: 503, body: 'busy' },
          { type: 'reset' },
          { type: 'binary', body: VIDEO },
        ],
      };
      const kept = await keep({ url: `${upstream.url}/video.mp4` });
      expect(upstream.calls).toHaveLength(3);
      expect(kept.video.artifact?.sha256).toBe(sha256(VIDEO));
    });

    it('should not try a 404 again, and warn with the provider URL kept', async () => {
      upstream.routes['/video.mp4'] = {
        response: { type: 'error', status: 404 },
      };
      const url = `${upstream.url}/video.mp4`;
      const kept = await keep({ url });
      expect(upstream.calls).toHaveLength(1);
      expect(kept.video).toEqual(videoResult({ url }).video);
      expect(kept.warnings).toEqual([
        {
          type: 'other',
          setting: 'artifacts',
          message: expect.stringMatching(
            new RegExp(
              `^${NOT_KEPT_CODE}: .*HTTP 404.*provider URL may stop working`,
            ),
          ) as string,
        },
      ]);
    });

    it('should stop a body without a length once it passes maxBytes, leaving nothing behind', async () => {
      const chunk = new Uint8Array(1_000);
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(chunk);
        },
      });
      const kept = await keep(
        { url: 'https://provider.invalid/v.mp4' },
        {
          maxBytes: 10_000,
          fetch: () => Promise.resolve(new Response(endless, { status: 200 })),
        },
      );
      expect(kept.video.artifact).toBeUndefined();
      expect(kept.warnings[0]?.message).toContain(
        'larger than artifacts.maxBytes (10000 bytes)',
      );
      expect(pulled).toBeLessThan(20);
      expect(await readdir(directory)).toEqual([]);
    });

    it('should refuse at once a body whose content-length is over maxBytes', async () => {
      const kept = await keep(
        { url: `${upstream.url}/video.mp4` },
        { maxBytes: 100 },
      );
      expect(upstream.calls).toHaveLength(1);
      expect(kept.warnings[0]?.message).toContain(
        'larger than artifacts.maxBytes',
      );
    });

    it('should refuse and delete what is not a video of its format', async () => {
      upstream.routes['/video.mp4'] = {
        response: { type: 'binary', body: new Uint8Array(0) },
      };
      const kept = await keep({ url: `${upstream.url}/video.mp4` });
      expect(kept.video.artifact).toBeUndefined();
      expect(kept.warnings[0]?.message).toContain('is not a mp4 video');
      expect(await readdir(directory)).toEqual([]);
    });

    it('should keep inline video, drop large base64, point url at publicUrl and keep it for good with retention 0', async () => {
      const kept = await keep(
        { base64: VIDEO.toString('base64') },
        {
          publicUrl: 'https://ai.example.com',
          retentionMs: 0,
        },
      );
      const id = kept.video.artifact?.id ?? '';
      expect(kept.video.base64).toBeUndefined();
      expect(kept.video.url).toBe(`https://ai.example.com/artifacts/${id}`);
      expect(kept.video.artifact?.expiresAt).toBeUndefined();
      expect((await records.get(id))?.expiresAt).toBeUndefined();
    });

    it('should leave base64 within inlineMaxBytes in the result', async () => {
      const small = Buffer.from(
        mp4Bytes({ durationMs: 2_000, width: 64, height: 48 }),
      );
      const kept = await keep(
        { base64: small.toString('base64') },
        { inlineMaxBytes: 1_000 },
      );
      expect(kept.video.base64).toBe(small.toString('base64'));
      expect(kept.video.artifact?.bytes).toBe(small.byteLength);
    });

    it('should delete the bytes when recording fails, and warn', async () => {
      const failing: ArtifactStore = {
        ...records,
        create: () => Promise.reject(new Error('database is gone')),
      };
      const kept = await keep(
        { url: `${upstream.url}/video.mp4` },
        {},
        failing,
      );
      expect(kept.warnings[0]?.message).toContain('database is gone');
      expect(await readdir(directory)).toEqual([]);
    });
  });
});
