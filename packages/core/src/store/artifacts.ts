/**
 * Outputs the gateway copied out of a provider's temporary hosting into
 * storage the operator owns (issue 15): what the store keeps of each. The
 * bytes live in a blob backend (a folder, an S3 bucket) under `location`;
 * the record says who may read them and until when.
 */

/** A kept output as stored. */
export interface ArtifactRecord {
  /** The artifact's id (`art_...`), random: `GET /artifacts/{id}` serves it. */
  id: string;
  /** The key whose call made it; undefined for a call without a key (auth off). */
  keyId?: string;
  /** The end user of a call made with a minted token. */
  subject?: string;
  /** The call (`gen_...`) whose result it belongs to. */
  generationId: string;
  mimeType: string;
  /** Its size in bytes. */
  bytes: number;
  /** SHA-256 of its bytes, hex. */
  sha256: string;
  /** Where the backend keeps it (its own key: a file name, an object key); never shown to callers. */
  location: string;
  createdAt: number;
  /** When it may be deleted (epoch ms); undefined when kept for good. */
  expiresAt?: number;
}

/** Kept outputs: recorded once written, found by id, swept once expired. */
export interface ArtifactStore {
  /** Records a written artifact, its `createdAt` by the store's clock. */
  create(record: Omit<ArtifactRecord, 'createdAt'>): Promise<ArtifactRecord>;
  /** An artifact's record, expired or not; undefined when there is none. */
  get(id: string): Promise<ArtifactRecord | undefined>;
  /** Up to `limit` artifacts whose `expiresAt` is at or before `now`, soonest expired first. */
  listExpired(now: number, limit: number): Promise<ArtifactRecord[]>;
  /** Deletes a record; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/**
 * An {@link ArtifactStore} in this process's memory, for tests and embedded
 * use without a database: records are lost with the process.
 *
 * @example
 * const artifacts = createMemoryArtifactStore({ now: () => clock });
 */
export function createMemoryArtifactStore(
  options: { now?: () => number } = {},
): ArtifactStore {
  const now = options.now ?? Date.now;
  const records = new Map<string, ArtifactRecord>();
  return {
    create(record) {
      if (records.has(record.id)) {
        return Promise.reject(
          new Error(`An artifact with the id ${record.id} exists already.`),
        );
      }
      const stored = { ...record, createdAt: now() };
      records.set(record.id, stored);
      return Promise.resolve({ ...stored });
    },
    get(id) {
      const record = records.get(id);
      return Promise.resolve(record === undefined ? undefined : { ...record });
    },
    listExpired(at, limit) {
      const expired = [...records.values()]
        .filter(
          (record) => record.expiresAt !== undefined && record.expiresAt <= at,
        )
        .sort(
          (first, second) =>
            (first.expiresAt ?? 0) - (second.expiresAt ?? 0) ||
            first.id.localeCompare(second.id),
        )
        .slice(0, Math.max(0, limit));
      return Promise.resolve(expired.map((record) => ({ ...record })));
    },
    delete(id) {
      return Promise.resolve(records.delete(id));
    },
  };
}
