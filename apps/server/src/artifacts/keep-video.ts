import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  measureVideo,
  type ArtifactStore,
  type StoredArtifact,
  type VideoResult,
} from '@switchyard/core';
import type { Logger } from '../logger';
import type { ArtifactBackend } from './artifact-backend';
import {
  createMeter,
  metered,
  NotKept,
  openUrl,
  tooLarge,
  type Meter,
} from './output-source';

/** Bytes up to which a kept video is checked (measured); a larger one is kept unchecked. */
export const CHECK_MAX_BYTES = 64 * 1_024 ** 2;
/** Tries at keeping one output: the first and two more on a network failure or a 5xx. */
const MAX_TRIES = 3;
/** The code at the start of the warning a result gets when its output was not kept. */
export const NOT_KEPT_CODE = 'artifact_not_kept';

/** What keeping outputs works with (from the `artifacts` config). */
export interface ArtifactKeeperSettings {
  backend: ArtifactBackend;
  /** 0 keeps for good. */
  retentionMs: number;
  maxBytes: number;
  inlineMaxBytes: number;
  timeoutMs: number;
  /** The gateway's external base URL, without a trailing slash. */
  publicUrl?: string;
  /** Downloads provider URLs; default the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Expiry clock; default `Date.now`. */
  now?: () => number;
  /** Wait before the n-th retry (1-based); default n × 500 ms. */
  retryDelayMs?: (retry: number) => number;
}

/** Who a kept output belongs to: the call's key, its token's subject, the call. */
export interface ArtifactOwner {
  keyId?: string;
  subject?: string;
  generationId: string;
}

/** Copies outputs a provider only hosts for a while into the operator's storage. */
export interface ArtifactKeeper {
  readonly settings: ArtifactKeeperSettings;
  /**
   * Keeps a checked video result's video (its base64, or its provider URL
   * downloaded) and returns the result with `video.artifact` (and `url`
   * rewritten when `publicUrl` is set; large inline bytes dropped). Never
   * throws: when keeping fails, the result is returned as it was, with an
   * `artifact_not_kept` warning — the video was paid for.
   */
  keepVideo(options: {
    result: VideoResult;
    owner: ArtifactOwner;
    records: ArtifactStore;
    logger: Logger;
    signal?: AbortSignal;
  }): Promise<VideoResult>;
}

/** Creates the {@link ArtifactKeeper} of some settings. */
export function createArtifactKeeper(
  settings: ArtifactKeeperSettings,
): ArtifactKeeper {
  return {
    settings,
    async keepVideo(options) {
      const { result, owner, logger } = options;
      if (result.video.artifact !== undefined) return result;
      const signal = AbortSignal.any([
        AbortSignal.timeout(settings.timeoutMs),
        ...(options.signal === undefined ? [] : [options.signal]),
      ]);
      try {
        const artifact = await keep(settings, { ...options, signal });
        logger.info(
          {
            id: owner.generationId,
            artifact: artifact.id,
            bytes: artifact.bytes,
          },
          'output kept',
        );
        return withArtifact(settings, result, artifact);
      } catch (error) {
        const reason =
          error instanceof NotKept
            ? error.message
            : `${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message : String(error)}`;
        logger.warn(
          {
            id: owner.generationId,
            backend: settings.backend.description,
            reason,
          },
          'output not kept; the result keeps the provider URL',
        );
        return withNotKeptWarning(result, reason);
      }
    },
  };
}

/** Writes the video to the backend (tried again on transient failures), checks it and records it. */
async function keep(
  settings: ArtifactKeeperSettings,
  options: {
    result: VideoResult;
    owner: ArtifactOwner;
    records: ArtifactStore;
    logger: Logger;
    signal: AbortSignal;
  },
): Promise<StoredArtifact> {
  const { video } = options.result;
  const { backend } = settings;
  const { location, meter } = await writeWithRetries(settings, options);
  try {
    if (video.base64 === undefined) {
      checkKept({ meter, format: video.format, logger: options.logger });
    }
    const now = (settings.now ?? Date.now)();
    const expiresAt =
      settings.retentionMs === 0 ? undefined : now + settings.retentionMs;
    const record = await options.records.create({
      id: `art_${randomBytes(16).toString('base64url')}`,
      ...options.owner,
      mimeType: video.mimeType,
      bytes: meter.bytes,
      sha256: meter.hash.digest('hex'),
      location,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    return {
      id: record.id,
      path: `/artifacts/${record.id}`,
      bytes: record.bytes,
      sha256: record.sha256,
      ...(expiresAt === undefined
        ? {}
        : { expiresAt: new Date(expiresAt).toISOString() }),
    };
  } catch (error) {
    await backend.delete(location).catch(() => undefined);
    throw error;
  }
}

/** Streams the video into the backend, metered; a transient failure is tried again, from the start. */
async function writeWithRetries(
  settings: ArtifactKeeperSettings,
  options: { result: VideoResult; signal: AbortSignal },
): Promise<{ location: string; meter: Meter }> {
  const { video } = options.result;
  const { signal } = options;
  for (let attempt = 1; ; attempt += 1) {
    const meter = createMeter();
    try {
      const source = await openSource(settings, { video, signal });
      const location = await settings.backend.write({
        body: metered(source, {
          meter,
          maxBytes: settings.maxBytes,
          checkMaxBytes: CHECK_MAX_BYTES,
        }),
        mimeType: video.mimeType,
        signal,
      });
      return { location, meter };
    } catch (error) {
      const retryable =
        !signal.aborted && (error instanceof NotKept ? error.retryable : true);
      if (!retryable || attempt >= MAX_TRIES) throw error;
      const delay = settings.retryDelayMs?.(attempt) ?? attempt * 500;
      await sleep(delay, undefined, { signal });
    }
  }
}

/** The video's bytes: its inline base64 decoded, or its URL's body. */
async function openSource(
  settings: ArtifactKeeperSettings,
  options: { video: VideoResult['video']; signal: AbortSignal },
): Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>> {
  const { video, signal } = options;
  if (video.base64 !== undefined) {
    const bytes = Buffer.from(video.base64, 'base64');
    if (bytes.byteLength > settings.maxBytes) throw tooLarge(settings.maxBytes);
    return [bytes];
  }
  if (video.url === undefined)
    throw new NotKept('it has no bytes nor URL', false);
  return openUrl({
    url: video.url,
    fetch: settings.fetch ?? globalThis.fetch,
    maxBytes: settings.maxBytes,
    signal,
  });
}

/**
 * Checks a downloaded video is the format it claims, by its bytes; one
 * over {@link CHECK_MAX_BYTES} is kept unchecked (its bytes were not held).
 */
function checkKept(options: {
  meter: Meter;
  format: VideoResult['video']['format'];
  logger: Logger;
}): void {
  const { meter, format } = options;
  if (meter.head === undefined) {
    options.logger.debug(
      { bytes: meter.bytes },
      'kept video too large to check its bytes; kept unchecked',
    );
    return;
  }
  const measure = measureVideo(Buffer.concat(meter.head), format);
  if (!measure.ok) {
    throw new NotKept(
      `what its URL served is not a ${format} video (${measure.problem})`,
      false,
    );
  }
}

/** The result once kept: the artifact, the gateway's URL (with `publicUrl`), large inline bytes dropped. */
function withArtifact(
  settings: ArtifactKeeperSettings,
  result: VideoResult,
  artifact: StoredArtifact,
): VideoResult {
  const { base64, ...video } = result.video;
  const keepInline =
    base64 !== undefined && artifact.bytes <= settings.inlineMaxBytes;
  return {
    ...result,
    video: {
      ...video,
      ...(keepInline ? { base64 } : {}),
      ...(settings.publicUrl === undefined
        ? {}
        : { url: `${settings.publicUrl}${artifact.path}` }),
      artifact,
    },
  };
}

/** The result unchanged but for a warning saying why its output was not kept. */
function withNotKeptWarning(result: VideoResult, reason: string): VideoResult {
  return {
    ...result,
    warnings: [
      ...result.warnings,
      {
        type: 'other',
        setting: 'artifacts',
        message: `${NOT_KEPT_CODE}: the video was not copied to the gateway's storage (${reason}); ${result.video.url === undefined ? 'it is inline in this result' : 'its provider URL may stop working soon: download it now'}.`,
      },
    ],
  };
}
