import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VideoResult } from '@switchyard/core';
import {
  createFakeUpstream,
  mp4Bytes,
  type FakeUpstream,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientWithKey,
  configFromYaml,
  createKeyedClient,
  startTestServer,
  type TestServer,
} from '../__tests__/test-server';
import { jobWhenSucceeded } from '../__tests__/job-fixtures';
import { startFakeS3 } from './__tests__/fake-s3';

const PROVIDER = fileURLToPath(
  new URL('./__tests__/url-video-provider.ts', import.meta.url),
);
/** A 2 s MP4 padded to some kilobytes (@switchyard/testing's writer). */
const VIDEO = Buffer.from(
  mp4Bytes({ durationMs: 2_000, width: 64, height: 48, padding: 10_000 }),
);
const SHA256 = createHash('sha256').update(VIDEO).digest('hex');
const START = 1_800_000_000_000;
const VIDEO_INPUT = { type: 'video', prompt: 'a fox running' } as const;

/** A server whose `video` route's provider hosts its video on `upstream`, its outputs kept in `directory`. */
async function startVideoServer(options: {
  upstream: FakeUpstream;
  directory: string;
  /** More `artifacts` settings, `, key: value` each; `dir:` is left out when they name `s3`. */
  artifacts?: string;
  now?: () => number;
  sweepIntervalMs?: number;
}): Promise<TestServer> {
  const more = options.artifacts ?? '';
  const dir = more.includes('s3:') ? '' : `dir: "${options.directory}", `;
  const config = configFromYaml(`
auth: { required: true }
artifacts: { ${dir}retentionMs: 60000${more} }
providers:
  vid: { use: "${PROVIDER}", url: "${options.upstream.url}/video.mp4", price: 1000 }
routes:
  video: { targets: ["vid:clip"], retry: { maxAttempts: 1 } }
`);
  return startTestServer({
    config,
    now: options.now,
    sweepIntervalMs: options.sweepIntervalMs,
  });
}

/** `GET /artifacts/{id}` on the server with a bearer credential. */
function getArtifact(
  harness: TestServer,
  path: string,
  options: { bearer?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${harness.server.url}${path}`, {
    headers: {
      ...(options.bearer === undefined
        ? {}
        : { authorization: `Bearer ${options.bearer}` }),
      ...options.headers,
    },
  });
}

async function videoOf(call: Promise<unknown>): Promise<VideoResult> {
  const result = (await call) as VideoResult;
  expect(result.type).toBe('video');
  return result;
}

let upstream: FakeUpstream;
let directory: string;
beforeAll(async () => {
  upstream = await createFakeUpstream({});
  directory = await mkdtemp(join(tmpdir(), 'switchyard-artifacts-'));
});
afterAll(async () => {
  await upstream.close();
  await rm(directory, { recursive: true, force: true });
});

const hosted = () => ({
  response: {
    type: 'binary' as const,
    body: VIDEO,
    headers: { 'content-type': 'video/mp4' },
  },
});

describe('artifacts', () => {
  let harness: TestServer;
  const clock = START;
  beforeAll(async () => {
    harness = await startVideoServer({
      upstream,
      directory: join(directory, 'main'),
      now: () => clock,
    });
  });
  afterAll(() => harness.close());

  it('should keep a provider-hosted video before the call succeeds and serve it to its key only', async () => {
    upstream.routes['/video.mp4'] = hosted();
    const owner = await createKeyedClient(harness, { credits: 1_000_000 });
    const result = await videoOf(owner.client.generate.mutate(VIDEO_INPUT));
    const artifact = result.video.artifact;
    expect(artifact).toMatchObject({
      path: `/artifacts/${artifact?.id}`,
      bytes: VIDEO.byteLength,
      sha256: SHA256,
      expiresAt: new Date(START + 60_000).toISOString(),
    });
    expect(result.video.url).toBe(`${upstream.url}/video.mp4`);
    expect(result.warnings).toEqual([]);
    // The stored record (idempotent replays, generations.get) has it too.
    const record = await harness.store.generations.get(result.id);
    expect(record?.result).toMatchObject({ video: { artifact } });

    const response = await getArtifact(harness, artifact?.path ?? '', {
      bearer: owner.key,
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': String(VIDEO.byteLength),
      etag: `"${SHA256}"`,
      'cache-control': 'private',
      'accept-ranges': 'bytes',
    });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(VIDEO);

    const other = await createKeyedClient(harness, { credits: 1 });
    const refused = await getArtifact(harness, artifact?.path ?? '', {
      bearer: other.key,
    });
    expect(refused.status).toBe(404);
    const unknown = await getArtifact(harness, '/artifacts/art_nope', {
      bearer: owner.key,
    });
    expect(unknown.status).toBe(404);
    const anonymous = await getArtifact(harness, artifact?.path ?? '');
    expect(anonymous.status).toBe(401);
  });

  it('should answer one Range with 206 and the bytes asked for, and 416 past the end', async () => {
    upstream.routes['/video.mp4'] = hosted();
    const owner = await createKeyedClient(harness, { credits: 1_000_000 });
    const { video } = await videoOf(owner.client.generate.mutate(VIDEO_INPUT));
    const path = video.artifact?.path ?? '';
    const part = await getArtifact(harness, path, {
      bearer: owner.key,
      headers: { range: 'bytes=100-199' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(
      `bytes 100-199/${VIDEO.byteLength}`,
    );
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(
      VIDEO.subarray(100, 200),
    );
    const tail = await getArtifact(harness, path, {
      bearer: owner.key,
      headers: { range: 'bytes=-10' },
    });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(VIDEO.subarray(-10));
    const past = await getArtifact(harness, path, {
      bearer: owner.key,
      headers: { range: `bytes=${VIDEO.byteLength}-` },
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(
      `bytes */${VIDEO.byteLength}`,
    );
    await past.body?.cancel();
    const fresh = await getArtifact(harness, path, {
      bearer: owner.key,
      headers: { 'if-none-match': `"${SHA256}"` },
    });
    expect(fresh.status).toBe(304);
    const head = await fetch(`${harness.server.url}${path}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${owner.key}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(VIDEO.byteLength));
  });

  it('should still serve a kept video once the provider has deleted it', async () => {
    upstream.routes['/video.mp4'] = hosted();
    const owner = await createKeyedClient(harness, { credits: 1_000_000 });
    const { video } = await videoOf(owner.client.generate.mutate(VIDEO_INPUT));
    upstream.routes['/video.mp4'] = {
      response: { type: 'error', status: 404 },
    };
    expect((await fetch(video.url ?? '')).status).toBe(404);
    const response = await getArtifact(harness, video.artifact?.path ?? '', {
      bearer: owner.key,
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(VIDEO);
  });

  it("should serve a minted token only its own subject's artifacts", async () => {
    upstream.routes['/video.mp4'] = hosted();
    const owner = await createKeyedClient(harness, { credits: 1_000_000 });
    const mint = (subject: string) =>
      owner.client.tokens.mint.mutate({ subject }).then(({ token }) => token);
    const alice = await mint('alice');
    const { video } = await videoOf(
      clientWithKey(harness.server.url, alice).generate.mutate(VIDEO_INPUT),
    );
    const path = video.artifact?.path ?? '';
    for (const [bearer, status] of [
      [alice, 200],
      [await mint('alice'), 200],
      [await mint('bob'), 404],
      [owner.key, 200],
    ] as const) {
      const response = await getArtifact(harness, path, { bearer });
      expect(response.status).toBe(status);
      await response.body?.cancel();
    }
  });

  it('should keep the video of a durable job before the job succeeds', async () => {
    upstream.routes['/video.mp4'] = hosted();
    const owner = await createKeyedClient(harness, { credits: 1_000_000 });
    const { id } = await owner.client.jobs.submit.mutate(VIDEO_INPUT);
    const job = await jobWhenSucceeded(owner.client, id);
    const video = (job.result as VideoResult).video;
    expect(video.artifact?.sha256).toBe(SHA256);
    const response = await getArtifact(harness, video.artifact?.path ?? '', {
      bearer: owner.key,
    });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe('artifacts retention', () => {
  it('should stop serving an artifact past its retention and the sweeper should delete it', async () => {
    upstream.routes['/video.mp4'] = hosted();
    let clock = START;
    const folder = join(directory, 'retention');
    const harness = await startVideoServer({
      upstream,
      directory: folder,
      now: () => clock,
      sweepIntervalMs: 25,
    });
    try {
      const owner = await createKeyedClient(harness, { credits: 1_000_000 });
      const { video } = await videoOf(
        owner.client.generate.mutate(VIDEO_INPUT),
      );
      const id = video.artifact?.id ?? '';
      expect(await readdir(folder)).toHaveLength(1);
      clock = START + 59_999;
      const before = await getArtifact(harness, `/artifacts/${id}`, {
        bearer: owner.key,
      });
      expect(before.status).toBe(200);
      await before.body?.cancel();
      expect(await harness.store.artifacts.get(id)).toMatchObject({ id });
      clock = START + 60_000;
      const after = await getArtifact(harness, `/artifacts/${id}`, {
        bearer: owner.key,
      });
      expect(after.status).toBe(404);
      await vi.waitFor(
        async () =>
          expect(await harness.store.artifacts.get(id)).toBeUndefined(),
        { timeout: 5_000 },
      );
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});

describe('artifacts limits', () => {
  it('should leave a video over maxBytes at the provider and say so in a warning', async () => {
    upstream.routes['/video.mp4'] = hosted();
    const harness = await startVideoServer({
      upstream,
      directory: join(directory, 'limits'),
      artifacts: ', maxBytes: 1000',
    });
    try {
      const owner = await createKeyedClient(harness, { credits: 1_000_000 });
      const result = await videoOf(owner.client.generate.mutate(VIDEO_INPUT));
      expect(result.video.artifact).toBeUndefined();
      expect(result.video.url).toBe(`${upstream.url}/video.mp4`);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          setting: 'artifacts',
          message: expect.stringMatching(
            /^artifact_not_kept: .*larger than artifacts\.maxBytes \(1000 bytes\)/,
          ) as string,
        }),
      ]);
      // The call succeeded and was charged: the video was paid for.
      expect(result.cost.microCredits).toBe(1_000);
    } finally {
      await harness.close();
    }
  });

  it('should leave results untouched and serve nothing with enabled: false', async () => {
    upstream.reset();
    upstream.routes['/video.mp4'] = hosted();
    const folder = join(directory, 'off');
    const harness = await startVideoServer({
      upstream,
      directory: folder,
      artifacts: ', enabled: false',
    });
    try {
      const owner = await createKeyedClient(harness, { credits: 1_000_000 });
      const result = await videoOf(owner.client.generate.mutate(VIDEO_INPUT));
      expect(result.video.artifact).toBeUndefined();
      expect(result.warnings).toEqual([]);
      expect(
        upstream.calls.filter((call) => call.url === '/video.mp4'),
      ).toHaveLength(0);
      const response = await getArtifact(harness, '/artifacts/art_x', {
        bearer: owner.key,
      });
      expect(response.status).toBe(404);
    } finally {
      await harness.close();
    }
  });
});

describe('artifacts in an S3 bucket', () => {
  it('should keep the video in the bucket, serve it from there, and redact the secret key', async () => {
    upstream.routes['/video.mp4'] = hosted();
    await using s3 = await startFakeS3('outputs');
    const secret = 'fake-s3-secret-0123456789abcdef';
    const harness = await startVideoServer({
      upstream,
      directory,
      artifacts: `, s3: { bucket: outputs, endpoint: "${s3.url}", forcePathStyle: true, accessKeyId: AKIDFAKE, secretAccessKey: "${secret}", prefix: "kept/" }, publicUrl: "https://ai.example.com/"`,
    });
    try {
      const owner = await createKeyedClient(harness, { credits: 1_000_000 });
      const { video } = await videoOf(
        owner.client.generate.mutate(VIDEO_INPUT),
      );
      const id = video.artifact?.id ?? '';
      expect(video.url).toBe(`https://ai.example.com/artifacts/${id}`);
      const location = (await harness.store.artifacts.get(id))?.location;
      expect(s3.objects.get(`kept/${location}`)).toEqual(VIDEO);
      const response = await getArtifact(harness, `/artifacts/${id}`, {
        bearer: owner.key,
        headers: { range: 'bytes=0-99' },
      });
      expect(response.status).toBe(206);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(
        VIDEO.subarray(0, 100),
      );
      expect(harness.server.gateway.redact(`key ${secret}`)).toBe(
        'key [redacted]',
      );
    } finally {
      await harness.close();
    }
  });
});
