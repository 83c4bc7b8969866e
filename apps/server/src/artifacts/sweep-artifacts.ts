import type { ArtifactStore } from '@switchyard/core';
import type { Logger } from '../logger';
import type { ArtifactBackend } from './artifact-backend';

/** Most expired artifacts deleted by one pass of the sweeper. */
export const ARTIFACT_SWEEP_LIMIT = 100;

/**
 * Deletes up to `limit` artifacts past their `expiresAt`: each one's bytes,
 * then its record (so bytes whose deletion failed are tried again on the
 * next pass, never orphaned). Resolves to how many were deleted.
 */
export async function sweepExpiredArtifacts(options: {
  records: ArtifactStore;
  backend: ArtifactBackend;
  now: () => number;
  logger: Logger;
  limit?: number;
}): Promise<number> {
  const { records, backend, logger } = options;
  const expired = await records.listExpired(
    options.now(),
    options.limit ?? ARTIFACT_SWEEP_LIMIT,
  );
  let deleted = 0;
  for (const artifact of expired) {
    try {
      await backend.delete(artifact.location);
      if (await records.delete(artifact.id)) deleted += 1;
    } catch (error) {
      logger.warn(
        { err: error, artifact: artifact.id, backend: backend.description },
        'deleting an expired artifact failed; the next pass tries again',
      );
    }
  }
  return deleted;
}
