import { z } from 'zod';

/** Where kept outputs go by default: beside the embedded SQLite file (relative to the config). */
export const DEFAULT_ARTIFACTS_DIR = './data/artifacts';
/** How long a kept output is served before the sweeper deletes it, by default: 7 days. */
export const DEFAULT_ARTIFACT_RETENTION_MS = 7 * 24 * 60 * 60 * 1_000;
/** The largest output kept, by default: 2 GiB. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 2 * 1_024 ** 3;
/** Inline video larger than this is dropped from a result once kept, by default: 2 MiB. */
export const DEFAULT_ARTIFACT_INLINE_MAX_BYTES = 2 * 1_024 ** 2;
/** How long keeping one output may take (its download and upload), by default: 5 minutes. */
export const DEFAULT_ARTIFACT_TIMEOUT_MS = 5 * 60 * 1_000;

/** An S3-compatible bucket (AWS S3, MinIO, R2, ...) for kept outputs. */
export const artifactsS3ConfigSchema = z
  .strictObject({
    bucket: z.string().min(3).max(63),
    /** Default `us-east-1` (S3-compatible stores mostly ignore it). */
    region: z.string().min(1).max(64).optional(),
    /** An S3-compatible endpoint (`https://minio.example.com:9000`); default AWS's. */
    endpoint: z.url().max(1_024).optional(),
    /** Address buckets as `endpoint/bucket` rather than `bucket.endpoint` (MinIO needs it). Default false. */
    forcePathStyle: z.boolean().optional(),
    /** With `secretAccessKey` (say `\${S3_ACCESS_KEY_ID}`); without both, the AWS SDK's own chain (environment, profile, instance role). */
    accessKeyId: z.string().min(1).max(256).optional(),
    /** Never logged: the server's secret redactor knows it. */
    secretAccessKey: z.string().min(1).max(1_024).optional(),
    /** Put before every object key (`switchyard/`). Default none. */
    prefix: z
      .string()
      .max(256)
      .regex(/^[\w!.*'()/-]*$/, "letters, digits and _ ! . * ' ( ) / - only")
      .optional(),
  })
  .refine(
    (s3) =>
      (s3.accessKeyId === undefined) === (s3.secretAccessKey === undefined),
    {
      message: 'accessKeyId and secretAccessKey go together',
      path: ['secretAccessKey'],
    },
  );
export type ArtifactsS3Config = z.infer<typeof artifactsS3ConfigSchema>;

/**
 * `artifacts` in the config: outputs a provider only hosts for a while
 * (video URLs) are copied into storage the operator owns before the call
 * succeeds, and served back at `GET /artifacts/{id}` with the caller's key.
 * On by default, into {@link DEFAULT_ARTIFACTS_DIR}.
 */
export const artifactsConfigSchema = z
  .strictObject({
    /** False turns keeping off: results keep the provider's URL. Default true. */
    enabled: z.boolean().optional(),
    /** A folder, relative to the config file. Default `./data/artifacts`. Not with `s3`. */
    dir: z.string().min(1).max(1_024).optional(),
    s3: artifactsS3ConfigSchema.optional(),
    /** How long a kept output is served, in ms; 0 keeps it for good. Default 7 days. */
    retentionMs: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional(),
    /** The largest output kept, in bytes; a larger one is left at the provider. Default 2 GiB. */
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(100 * 1_024 ** 3)
      .optional(),
    /** Inline (base64) video larger than this is dropped from the result once kept. Default 2 MiB. */
    inlineMaxBytes: z.number().int().min(0).optional(),
    /** How long keeping one output may take, in ms. Default 5 minutes. */
    timeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
    /**
     * The gateway's external base URL (`https://ai.example.com`): a kept
     * video's `url` becomes `{publicUrl}/artifacts/{id}`. Default: the
     * provider's URL stays (it works for a while).
     */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .max(1_024)
      .optional(),
  })
  .refine(
    (artifacts) => artifacts.dir === undefined || artifacts.s3 === undefined,
    {
      message: 'give either dir or s3, not both',
      path: ['s3'],
    },
  );
export type ArtifactsConfig = z.infer<typeof artifactsConfigSchema>;

/**
 * The secrets in an `artifacts` config, for the secret redactor: the S3
 * secret key (the access key id names the key, like a user name, and is
 * not redacted).
 */
export function artifactSecrets(config: ArtifactsConfig | undefined): string[] {
  const secret = config?.s3?.secretAccessKey;
  return secret === undefined ? [] : [secret];
}
