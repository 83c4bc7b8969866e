import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from './database';

/** What every part of the SQL store works with: the database and the store's clock. */
export interface StoreDeps {
  db: Kysely<StoreDatabase>;
  /** Epoch milliseconds; the store's only clock. */
  now: () => number;
  /** Which database: a few hot writes take a path of their own on each. */
  dialect?: 'sqlite' | 'postgres';
  /**
   * PostgreSQL: runs a text of several statements, with their values
   * written in it, in one round trip and one transaction (the simple query
   * protocol); resolves each statement's rows.
   */
  script?: (text: string) => Promise<Array<Array<Record<string, unknown>>>>;
}

/** The database, or a transaction on it: a step that may run in either takes this. */
export type Database = Kysely<StoreDatabase> | Transaction<StoreDatabase>;
