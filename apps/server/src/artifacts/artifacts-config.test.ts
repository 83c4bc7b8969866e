import { describe, expect, it } from 'vitest';
import { artifactSecrets, artifactsConfigSchema } from './artifacts-config';

describe('artifactsConfigSchema', () => {
  it('should take a folder, or a bucket with its settings', () => {
    expect(
      artifactsConfigSchema.parse({ dir: './kept', retentionMs: 0 }),
    ).toEqual({
      dir: './kept',
      retentionMs: 0,
    });
    const s3 = {
      bucket: 'outputs',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      prefix: 'switchyard/',
    };
    expect(artifactsConfigSchema.parse({ s3 }).s3).toEqual(s3);
  });

  it.each([
    [{ dir: './kept', s3: { bucket: 'outputs' } }, 'either dir or s3'],
    [{ s3: { bucket: 'outputs', accessKeyId: 'AKID' } }, 'go together'],
    [{ publicUrl: 'ftp://example.com' }, 'publicUrl'],
    [{ retentionMs: -1 }, 'retentionMs'],
    [{ keep: true }, 'keep'],
  ])('should refuse %j', (config, problem) => {
    const parsed = artifactsConfigSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(problem);
  });
});

describe('artifactSecrets', () => {
  it('should hand the redactor the S3 secret key only', () => {
    expect(
      artifactSecrets({
        s3: { bucket: 'outputs', accessKeyId: 'AKID', secretAccessKey: 'shh' },
      }),
    ).toEqual(['shh']);
    expect(artifactSecrets({ dir: './kept' })).toEqual([]);
    expect(artifactSecrets(undefined)).toEqual([]);
  });
});
