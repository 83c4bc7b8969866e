import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ArtifactsS3Config } from './artifacts-config';
import {
  isLocation,
  newLocation,
  type ArtifactBackend,
} from './artifact-backend';

/** S3's smallest multipart part, and its most parts per object. */
const MIN_PART_BYTES = 5 * 1_024 ** 2;
const MAX_PARTS = 10_000;

/**
 * Kept outputs as objects in an S3-compatible bucket, through the AWS SDK:
 * each body streams up in parts (lib-storage's `Upload`: one PutObject when
 * it is small, a multipart upload, aborted on error, when it is not), so
 * at most a few parts are held in memory. Object keys are `prefix` and a
 * random name.
 *
 * @example
 * const backend = createS3Backend({ s3: { bucket: 'outputs', region: 'eu-west-1' }, maxBytes });
 */
export function createS3Backend(options: {
  s3: ArtifactsS3Config;
  /** The largest body written: parts are sized so it fits in S3's 10,000. */
  maxBytes: number;
}): ArtifactBackend {
  const { s3 } = options;
  const client = createS3Client(s3);
  const keyOf = (location: string) => {
    if (!isLocation(location)) {
      throw new Error(`Not an artifact location: ${location.slice(0, 64)}`);
    }
    return `${s3.prefix ?? ''}${location}`;
  };
  const partSize = Math.max(
    MIN_PART_BYTES,
    Math.ceil(options.maxBytes / MAX_PARTS),
  );
  return {
    description: `s3 ${s3.bucket}`,
    async write({ body, mimeType, signal }) {
      const location = newLocation();
      const upload = new Upload({
        client,
        params: {
          Bucket: s3.bucket,
          Key: keyOf(location),
          Body: Readable.from(body, { objectMode: false }),
          ContentType: mimeType,
        },
        partSize,
        queueSize: 2,
      });
      const abort = () => void upload.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        await upload.done();
      } finally {
        signal?.removeEventListener('abort', abort);
      }
      return location;
    },
    async read(location, range) {
      try {
        const object = await client.send(
          new GetObjectCommand({
            Bucket: s3.bucket,
            Key: keyOf(location),
            ...(range === undefined
              ? {}
              : { Range: `bytes=${range.start}-${range.end}` }),
          }),
        );
        return object.Body instanceof Readable ? object.Body : undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async delete(location) {
      await client.send(
        new DeleteObjectCommand({ Bucket: s3.bucket, Key: keyOf(location) }),
      );
    },
    close: () => client.destroy(),
  };
}

/** The SDK client of an `artifacts.s3` config. */
function createS3Client(s3: ArtifactsS3Config): S3Client {
  const custom = s3.endpoint !== undefined;
  return new S3Client({
    region: s3.region ?? 'us-east-1',
    ...(custom ? { endpoint: s3.endpoint } : {}),
    forcePathStyle: s3.forcePathStyle ?? false,
    ...(s3.accessKeyId === undefined || s3.secretAccessKey === undefined
      ? {}
      : {
          credentials: {
            accessKeyId: s3.accessKeyId,
            secretAccessKey: s3.secretAccessKey,
          },
        }),
    // Many S3-compatible stores refuse the SDK's default extra checksums;
    // the gateway keeps its own SHA-256 of every body.
    ...(custom
      ? {
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}
