/** Most rows one grouped insert carries. */
const MAX_GROUP = 200;

/**
 * Group commit: rows written in the same turn of the event loop go to the
 * database in one multi-row insert (one transaction, one commit) instead of
 * one each, and every writer's promise settles once its row is committed —
 * nothing is acknowledged before it is stored. Under load this divides the
 * per-row cost of a commit by the group's size; a lone write waits one turn.
 * If a group fails, its rows are retried one by one, so one bad row fails
 * only its own writer.
 */
export function createGroupWriter<TRow>(options: {
  insert: (rows: TRow[]) => Promise<void>;
}): { write(row: TRow): Promise<void> } {
  let pending: Array<{
    row: TRow;
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const group = pending.slice(0, MAX_GROUP);
    pending = pending.slice(MAX_GROUP);
    if (pending.length > 0) schedule();
    options.insert(group.map((entry) => entry.row)).then(
      () => {
        for (const entry of group) entry.resolve();
      },
      () => {
        for (const entry of group) {
          options.insert([entry.row]).then(entry.resolve, entry.reject);
        }
      },
    );
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ row, resolve, reject });
        schedule();
      });
    },
  };
}
