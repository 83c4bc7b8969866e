import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations';

/**
 * Brings the database to the latest schema; throws with the failing
 * migration's error. `schema` (PostgreSQL only; SQLite has none) is where the migration table and
 * its lock live: without it Kysely takes a same-named table in any schema of
 * the database for this one's, so a second gateway in another schema of the
 * same database would skip creating its own.
 *
 * On SQLite, Kysely takes no migration lock and runs no migration in a
 * transaction, so processes opening one new file at once (a server and
 * `keys create`, or two CLI commands) each ran the same migrations and all
 * but one failed. There the whole run is one `begin immediate` transaction:
 * the first process to open the file migrates it, and the others wait for
 * its write lock (the busy timeout), then find nothing left to do.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: { dialect: 'sqlite' | 'postgres'; schema?: string },
): Promise<void> {
  const { error } =
    options.dialect === 'sqlite'
      ? await db.connection().execute(async (connection) => {
          await sql`begin immediate`.execute(connection);
          try {
            const result = await migratorOn(connection).migrateToLatest();
            await sql
              .raw(result.error === undefined ? 'commit' : 'rollback')
              .execute(connection);
            return result;
          } catch (thrown) {
            await sql`rollback`.execute(connection).catch(() => undefined);
            throw thrown;
          }
        })
      : await migratorOn(db, options.schema).migrateToLatest();
  if (error !== undefined) {
    throw new Error(
      `The store's schema migration failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
}

function migratorOn(db: Kysely<unknown>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: 'switchyard_migrations',
    migrationLockTableName: 'switchyard_migrations_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}
