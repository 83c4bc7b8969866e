import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeS3, type FakeS3 } from './__tests__/fake-s3';
import type { ArtifactBackend } from './artifact-backend';
import { createS3Backend } from './s3-backend';

const BUCKET = 'outputs';
const SECRET = 'fake-secret-key-0123456789abcdef';
const MIB = 1_024 ** 2;

let s3: FakeS3;
let backend: ArtifactBackend;
beforeAll(async () => {
  s3 = await startFakeS3(BUCKET);
  backend = createS3Backend({
    s3: {
      bucket: BUCKET,
      endpoint: s3.url,
      forcePathStyle: true,
      accessKeyId: 'AKIDFAKE',
      secretAccessKey: SECRET,
      prefix: 'switchyard/',
    },
    maxBytes: 10 * MIB,
  });
});
afterAll(async () => {
  backend.close();
  await s3.close();
});
beforeEach(() => {
  s3.calls.length = 0;
});

/** `size` bytes of a repeating pattern. */
function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = index % 251;
  return bytes;
}

/** A body of {@link patterned} bytes in 64 KiB chunks; it fails at `failAt` bytes when given. */
async function* bodyOf(
  size: number,
  failAt?: number,
): AsyncGenerator<Uint8Array> {
  const bytes = patterned(size);
  const chunk = 64 * 1_024;
  for (let offset = 0; offset < size; offset += chunk) {
    if (failAt !== undefined && offset >= failAt) throw new Error('cut');
    yield await Promise.resolve(bytes.subarray(offset, offset + chunk));
  }
}

describe('createS3Backend', () => {
  it('should put a small body in one PutObject under the prefix and read it back', async () => {
    const location = await backend.write({
      body: bodyOf(1_000),
      mimeType: 'video/mp4',
    });
    expect(s3.calls.map((call) => call.operation)).toEqual(['PutObject']);
    const [put] = s3.calls;
    expect(put?.key).toBe(`switchyard/${location}`);
    expect(put?.headers['content-type']).toBe('video/mp4');
    // Signed with the key id; the secret itself never travels.
    expect(put?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKE\//,
    );
    expect(JSON.stringify(s3.calls)).not.toContain(SECRET);
    const body = await backend.read(location);
    expect(body).toBeDefined();
    expect(await buffer(body as NodeJS.ReadableStream)).toEqual(
      patterned(1_000),
    );
  });

  it('should stream a large body up as a multipart upload', async () => {
    const size = 6 * MIB + 17;
    const location = await backend.write({
      body: bodyOf(size),
      mimeType: 'video/mp4',
    });
    expect(s3.calls.map((call) => call.operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    // Compared as buffers: a deep equal of 6 MiB element by element takes a minute.
    const stored = Buffer.from(s3.objects.get(`switchyard/${location}`) ?? []);
    expect(stored.equals(patterned(size))).toBe(true);
  });

  it('should abort the multipart upload and keep nothing when the body fails', async () => {
    const before = s3.objects.size;
    await expect(
      backend.write({ body: bodyOf(8 * MIB, 6 * MIB), mimeType: 'video/mp4' }),
    ).rejects.toThrow('cut');
    expect(s3.calls.map((call) => call.operation)).toContain(
      'AbortMultipartUpload',
    );
    expect(s3.openUploads.size).toBe(0);
    expect(s3.objects.size).toBe(before);
  });

  it('should read a byte range', async () => {
    const location = await backend.write({
      body: bodyOf(1_000),
      mimeType: 'video/mp4',
    });
    const body = await backend.read(location, { start: 10, end: 19 });
    expect(await buffer(body as NodeJS.ReadableStream)).toEqual(
      patterned(1_000).subarray(10, 20),
    );
    expect(s3.calls.at(-1)?.headers.range).toBe('bytes=10-19');
  });

  it('should delete an object, after which reading it finds nothing', async () => {
    const location = await backend.write({
      body: bodyOf(100),
      mimeType: 'video/mp4',
    });
    await backend.delete(location);
    expect(s3.calls.at(-1)?.operation).toBe('DeleteObject');
    expect(s3.objects.has(`switchyard/${location}`)).toBe(false);
    expect(await backend.read(location)).toBeUndefined();
  });

  it('should refuse a location it could not have made', async () => {
    await expect(backend.read('../other-bucket/key')).rejects.toThrow(
      /Not an artifact location/,
    );
  });
});
