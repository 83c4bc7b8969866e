import type { Selectable } from 'kysely';
import type { ApiKeysTable } from './database';
import type { StoreDeps } from './store-deps';

type KeyRow = Selectable<ApiKeysTable>;

interface Waiting {
  resolve(row: KeyRow | undefined): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: looks up the live keys of every call that arrives in the same
 * turn of the event loop in one query (one round trip for the group, not
 * one per call). Each call still reads the database after it arrived, so a
 * revoked key is refused from its next call, as with one query per call.
 */
export function groupedKeyLookups({
  db,
}: StoreDeps): (hash: string) => Promise<KeyRow | undefined> {
  let waiting = new Map<string, Waiting[]>();
  const flush = (): void => {
    const group = waiting;
    waiting = new Map();
    db.selectFrom('switchyard_api_keys')
      .selectAll()
      .where('key_hash', 'in', [...group.keys()])
      .where('revoked_at', 'is', null)
      .execute()
      .then(
        (rows) => {
          const byHash = new Map(rows.map((row) => [row.key_hash, row]));
          for (const [hash, list] of group) {
            for (const one of list) one.resolve(byHash.get(hash));
          }
        },
        (error: unknown) => {
          for (const list of group.values()) {
            for (const one of list) one.reject(error);
          }
        },
      );
  };
  return (hash) =>
    new Promise((resolve, reject) => {
      if (waiting.size === 0) setImmediate(flush);
      const list = waiting.get(hash);
      if (list === undefined) waiting.set(hash, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
}
