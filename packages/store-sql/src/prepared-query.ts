import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Database } from './store-deps';

/** A stand-in for the `index`th parameter while a query is built once. */
function slot(index: number): string {
  return `\u0000switchyard-parameter-${index}\u0000`;
}

/**
 * A query built and compiled once, then run with new parameters: Kysely
 * builds a query's tree, walks it and freezes it on every call, which cost
 * more than SQLite's own work for the ledger's small statements (a keyed
 * call runs about fifteen). `build` receives one stand-in per parameter,
 * used as values exactly where the parameters go; the compiled SQL text is
 * kept per database (dialects differ in placeholders) and each run binds
 * the real values in the positions the stand-ins took.
 *
 * @example
 * const byId = preparedQuery(1, (db, [id]) =>
 *   db.selectFrom('switchyard_reservations').selectAll().where('id', '=', id));
 * const { rows } = await byId(trx, ['res_1']);
 */
export function preparedQuery<TRow>(
  parameterCount: number,
  build: (database: Database, slots: string[]) => Compilable<TRow>,
): (database: Database, values: unknown[]) => Promise<QueryResult<TRow>> {
  const slots = Array.from({ length: parameterCount }, (_, index) =>
    slot(index),
  );
  const compiledFor = new WeakMap<
    object,
    { sql: string; positions: Array<number | { value: unknown }> }
  >();
  return (database, values) => {
    // A transaction shares its database's executor settings but is its own
    // object; its adapter decides the placeholders, so key by the adapter.
    const key = database.getExecutor().adapter;
    let compiled = compiledFor.get(key);
    if (compiled === undefined) {
      const query = build(database, slots).compile();
      compiled = {
        sql: query.sql,
        positions: query.parameters.map((parameter) => {
          const index = slots.indexOf(parameter as string);
          return index === -1 ? { value: parameter } : index;
        }),
      };
      compiledFor.set(key, compiled);
    }
    const parameters = compiled.positions.map((position) =>
      typeof position === 'number' ? values[position] : position.value,
    );
    return database.executeQuery(CompiledQuery.raw(compiled.sql, parameters));
  };
}
