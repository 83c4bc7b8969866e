import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config';
import type { Logger } from '../logger';
import type { ArtifactBackend } from './artifact-backend';
import {
  DEFAULT_ARTIFACT_INLINE_MAX_BYTES,
  DEFAULT_ARTIFACT_MAX_BYTES,
  DEFAULT_ARTIFACT_RETENTION_MS,
  DEFAULT_ARTIFACT_TIMEOUT_MS,
  DEFAULT_ARTIFACTS_DIR,
  type ArtifactsConfig,
} from './artifacts-config';
import { createArtifactKeeper, type ArtifactKeeper } from './keep-video';
import { createLocalBackend } from './local-backend';

/** The server's kept outputs: the keeper calls go through, and the backend that serves and sweeps them. */
export interface ConfiguredArtifacts {
  keeper: ArtifactKeeper;
  backend: ArtifactBackend;
  /** The clock artifacts expire by. */
  now: () => number;
}

/**
 * The `artifacts` config made real: its backend (the S3 bucket, else the
 * folder, default `./data/artifacts` beside the config) and keeper, with
 * every default filled. Undefined when `enabled: false`. The AWS SDK is
 * loaded only when `s3` is set.
 */
export async function createConfiguredArtifacts(options: {
  config: LoadedConfig;
  logger: Logger;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
}): Promise<ConfiguredArtifacts | undefined> {
  const settings: ArtifactsConfig = options.config.config.artifacts ?? {};
  if (settings.enabled === false) return undefined;
  const now = options.now ?? Date.now;
  const maxBytes = settings.maxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES;
  const backend =
    settings.s3 === undefined
      ? createLocalBackend({
          directory: resolve(
            options.config.directory,
            settings.dir ?? DEFAULT_ARTIFACTS_DIR,
          ),
        })
      : (await import('./s3-backend')).createS3Backend({
          s3: settings.s3,
          maxBytes,
        });
  const keeper = createArtifactKeeper({
    backend,
    retentionMs: settings.retentionMs ?? DEFAULT_ARTIFACT_RETENTION_MS,
    maxBytes,
    inlineMaxBytes:
      settings.inlineMaxBytes ?? DEFAULT_ARTIFACT_INLINE_MAX_BYTES,
    timeoutMs: settings.timeoutMs ?? DEFAULT_ARTIFACT_TIMEOUT_MS,
    publicUrl: settings.publicUrl?.replace(/\/+$/, ''),
    fetch: options.fetch,
    now,
  });
  options.logger.info(
    { backend: backend.description, retentionMs: keeper.settings.retentionMs },
    'outputs are kept in the artifact store',
  );
  return { keeper, backend, now };
}
