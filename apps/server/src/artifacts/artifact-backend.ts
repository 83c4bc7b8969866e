import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** An inclusive byte range of a stored body (`Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where kept outputs' bytes live: a local folder or an S3-compatible bucket.
 * Locations are made by the backend (random), never taken from input.
 */
export interface ArtifactBackend {
  /** What the logs call it: `dir /srv/artifacts`, `s3 my-bucket`. */
  readonly description: string;
  /**
   * Writes a body to a new location and resolves to it once the bytes are
   * durable; on any error (the body's included) nothing is left behind.
   */
  write(options: {
    body: AsyncIterable<Uint8Array>;
    mimeType: string;
    signal?: AbortSignal;
  }): Promise<string>;
  /** The stored bytes (a range of them), or undefined when they are gone. */
  read(location: string, range?: ByteRange): Promise<Readable | undefined>;
  /** Deletes the bytes at a location; resolves when they are gone (or were already). */
  delete(location: string): Promise<void>;
  /** Frees connections. */
  close(): void;
}

/** A new random location name: 32 hex characters. */
export function newLocation(): string {
  return randomBytes(16).toString('hex');
}

/** Whether a stored location is one {@link newLocation} could have made. */
export function isLocation(location: string): boolean {
  return /^[0-9a-f]{32}$/.test(location);
}
