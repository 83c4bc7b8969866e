export { createSqlStore } from './sql-store';
export type { SqlStoreOptions } from './sql-store';
export { VERSION } from './version';
